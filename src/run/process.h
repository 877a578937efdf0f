// A supervised child process (bpftrace, or a command to trace).
//
// Contract:
//  - spawn() forks a child that is paused until release(): the parent learns
//    the pid first (the generator excludes bpftrace's own pid from tracing),
//    and a traced command starts only once the probes are attached.
//  - release() returns an error when exec fails (e.g. "spawn \"bpftrace\"
//    failed: No such file or directory"), read from a CLOEXEC pipe whose EOF
//    means exec succeeded; exec_errno() then has exec's errno.
//  - The child's stdin/stdout/stderr are inherited unless captured (a pipe
//    the parent reads) or redirected to a file spawn() opens before fork;
//    its stdout may also be sent to sctrace's stderr (stdout_to_stderr).
//    The child starts with an empty signal mask and SIGPIPE, SIGINT and
//    SIGTERM at their defaults, even when sctrace ignores them.
//  - The child gets PR_SET_PDEATHSIG (if asked) and exits at once if its
//    parent already died, so killing sctrace with SIGKILL never leaves a
//    bpftrace behind.
//  - The child keeps fds 0-2 and those that inherit_fds and
//    close_other_fds (below) name, whatever FD_CLOEXEC sctrace's other
//    fds have.
//  - All fds are CLOEXEC and owned by Fd from birth. The destructor kills
//    (SIGKILL) and reaps a child that is still running.
//  - PR_SET_PDEATHSIG fires when the *thread* that forked exits: spawn from
//    a thread that lives as long as the trace (the CLI uses the main thread).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "run/fd.h"
#include "util/result.h"

namespace sctrace::run {

// source shown at target, in one child's mount namespace only.
struct BindMount {
  std::string source, target;
};

struct SpawnOptions {
  std::vector<std::string> argv; // argv[0] is looked up in PATH
  std::vector<std::pair<std::string, std::string>> env; // added/overridden
  bool capture_stdout = false;
  bool capture_stderr = false;
  // Files for the child's standard streams, opened by spawn() (an error is
  // Io): stdin_file read-only, stdout_file and stderr_file created or
  // truncated with mode 0600. "": inherited. Capturing a stream and
  // redirecting it too is Invalid.
  std::string stdin_file, stdout_file, stderr_file;
  // The child's stdout becomes a copy of sctrace's own stderr (fd 2), so
  // a traced command's output cannot land in a structured document
  // sctrace writes to its stdout. Combined with capture_stdout or
  // stdout_file it is Invalid.
  bool stdout_to_stderr = false;
  std::optional<int> death_signal; // PR_SET_PDEATHSIG
  // The child leads a process group of its own, so a signal sent to
  // sctrace's group (Ctrl-C in a terminal, `timeout -s INT`) reaches
  // sctrace alone, which then stops the child its own way.
  bool own_process_group = false;
  // The fds the child gets besides 0, 1 and 2: inherit_fds (they may be
  // close-on-exec in sctrace), and the fds sctrace's own parent left it
  // without FD_CLOEXEC (startup_fds.h), as a command gets them under
  // strace. Nothing sctrace or a library opened later reaches the child,
  // even without FD_CLOEXEC (libbpf and std::ifstream open files without
  // it, on threads that may run while another forks).
  std::vector<int> inherit_fds;
  // Not even the fds sctrace was started with: only 0, 1, 2 and
  // inherit_fds, so each run starts with the same fds.
  bool close_other_fds = false;
  // Bind mounts made in a mount namespace of the child's own before it
  // waits for release(). Its mounts are made slaves first, so nothing it
  // mounts reaches sctrace or the rest of the system. Best effort: when
  // that namespace cannot be made (no CAP_SYS_ADMIN, a seccomp filter)
  // none is made, and a bind that fails is skipped; the child runs either
  // way, seeing the real files.
  std::vector<BindMount> private_binds;
};

class Process {
public:
  static Result<Process> spawn(const SpawnOptions& options);

  // Moving transfers ownership of the child: only the destination kills and
  // reaps it.
  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  ~Process();

  pid_t pid() const { return pid_; }
  int stdout_fd() const { return stdout_.get(); }
  int stderr_fd() const { return stderr_.get(); }
  // Readable (for poll) when the child has exited.
  int pidfd() const { return pidfd_.get(); }

  // Lets the paused child exec. Fails if exec failed.
  Result<void> release();
  Result<void> signal(int sig);
  // Waits up to timeout_ms (nullopt: forever, 0: poll). True once exited.
  Result<bool> wait(std::optional<int> timeout_ms);
  // errno of the failed exec once release() has failed, else 0.
  int exec_errno() const { return exec_errno_; }
  bool exited() const { return exited_; }
  // True once release() let the child exec (whether or not exec worked).
  bool released() const { return released_; }
  std::optional<int> exit_code() const { return exit_code_; }
  std::optional<int> term_signal() const { return term_signal_; }
  const std::string& name() const { return name_; }

private:
  Process() = default;
  void reap_now(); // SIGKILL and reap a child that is still running
  pid_t pid_ = -1;
  std::string name_;
  Fd go_;       // write end: one byte lets the child exec
  Fd exec_err_; // read end: errno from a failed exec, EOF on success
  Fd stdout_, stderr_, pidfd_;
  bool released_ = false;
  int exec_errno_ = 0;
  bool exited_ = false;
  std::optional<int> exit_code_, term_signal_;
};

// "killed by signal 6", for messages about how a child ended.
std::string describe_signal(int sig);

// What to say when a process ran out of file descriptors (EMFILE): the
// open-file limit, and how to raise it.
std::string open_file_limit_advice();

// Full path of an executable found in PATH (or the name itself if it has a
// '/'), or NotFound (also for an empty name).
Result<std::string> find_executable(const std::string& name);

} // namespace sctrace::run
