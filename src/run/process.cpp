#include "run/process.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

#include "run/startup_fds.h"
#include "util/strings.h"

extern char** environ;

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2) // linux/close_range.h, Linux 5.11
#endif

namespace sctrace::run {

namespace {

// With EMFILE (the open-file limit), Unsupported with what to do.
Error sys_error(const std::string& what) {
  const int e = errno;
  std::string msg = "system call \"" + what + "\" failed: " + std::strerror(e);
  if (e == EMFILE)
    return make_error(ErrorKind::Unsupported,
                      msg + ": sctrace ran out of file descriptors: " +
                          open_file_limit_advice());
  return make_error(ErrorKind::System, msg);
}

// fd moved to a number >= 3 (when sctrace was started with 0, 1 or 2
// closed), so the child's stdio set-up cannot overwrite it.
Result<Fd> above_stdio(Fd fd) {
  if (fd.get() > 2)
    return fd;
  const int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 3);
  if (moved < 0)
    return sys_error("fcntl(F_DUPFD_CLOEXEC)");
  return Fd(moved);
}

Result<std::pair<Fd, Fd>> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return sys_error("pipe2");
  Fd read_end(fds[0]), write_end(fds[1]);
  SCTRACE_TRY_ASSIGN(r, above_stdio(std::move(read_end)));
  SCTRACE_TRY_ASSIGN(w, above_stdio(std::move(write_end)));
  return std::make_pair(std::move(r), std::move(w));
}

// The child's environment: sctrace's own, with the options' variables
// added or overridden, sorted by name.
struct Environment {
  std::vector<std::string> strings;
  std::vector<char*> pointers; // into strings, null-terminated
};

Environment make_environment(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::map<std::string, std::string> env_map;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos)
      env_map[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : overrides)
    env_map[k] = v;
  Environment env;
  for (const auto& [k, v] : env_map)
    env.strings.push_back(k + "=" + v);
  for (auto& s : env.strings)
    env.pointers.push_back(s.data());
  env.pointers.push_back(nullptr);
  return env;
}

// The parent's ends of the capture pipes, and the fds the child moves to
// 0, 1 and 2 (invalid: the stream stays as inherited).
struct Streams {
  Fd stdout_capture, stderr_capture;
  Fd child[3];
};

Result<Fd> open_file(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0600);
  if (fd < 0)
    return make_error(ErrorKind::Io,
                      "cannot open " + path + ": " + std::strerror(errno));
  return Fd(fd);
}

Result<Streams> make_streams(const SpawnOptions& opt) {
  Streams s;
  const int out_flags = O_WRONLY | O_CREAT | O_TRUNC;
  if (!opt.stdin_file.empty()) {
    SCTRACE_TRY_ASSIGN(fd, open_file(opt.stdin_file, O_RDONLY));
    s.child[0] = std::move(fd);
  }
  if (opt.capture_stdout) {
    SCTRACE_TRY_ASSIGN(p, make_pipe());
    s.stdout_capture = std::move(p.first);
    s.child[1] = std::move(p.second);
  } else if (!opt.stdout_file.empty()) {
    SCTRACE_TRY_ASSIGN(fd, open_file(opt.stdout_file, out_flags));
    s.child[1] = std::move(fd);
  } else if (opt.stdout_to_stderr) {
    int fd = ::fcntl(2, F_DUPFD_CLOEXEC, 3);
    if (fd < 0)
      return sys_error("fcntl(2, F_DUPFD_CLOEXEC)");
    s.child[1] = Fd(fd);
  }
  if (opt.capture_stderr) {
    SCTRACE_TRY_ASSIGN(p, make_pipe());
    s.stderr_capture = std::move(p.first);
    s.child[2] = std::move(p.second);
  } else if (!opt.stderr_file.empty()) {
    SCTRACE_TRY_ASSIGN(fd, open_file(opt.stderr_file, out_flags));
    s.child[2] = std::move(fd);
  }
  return s;
}

// The highest fd number + 1 the child may have open, for kernels without
// close_range (read before fork: getrlimit is not on the safe list).
int open_max() {
  long n = ::sysconf(_SC_OPEN_MAX);
  return n > 0 && n < (1 << 20) ? static_cast<int>(n) : (1 << 20);
}

// Plain values for the child: it may only make async-signal-safe calls.
struct ChildSetup {
  const char* exe = nullptr;
  char* const* argv = nullptr;
  char* const* envp = nullptr;
  int go = -1, exec_err = -1;
  int stdio[3] = {-1, -1, -1};
  const int* inherit_fds = nullptr;
  std::size_t inherit_count = 0;
  const StartupFd* startup = nullptr; // kept open at exec; none: close all
  std::size_t startup_count = 0;
  int open_max = 0;
  int death = 0;
  bool own_group = false;
  pid_t parent = 0;
  const char* const* bind_sources = nullptr;
  const char* const* bind_targets = nullptr;
  std::size_t bind_count = 0;
};

// fd becomes target, without FD_CLOEXEC (dup2 onto itself would keep it).
bool move_fd(int fd, int target) {
  if (fd == target)
    return ::fcntl(fd, F_SETFD, 0) == 0;
  return ::dup2(fd, target) >= 0;
}

// Every fd >= 3 closes at exec but those the child is to keep: the ones
// sctrace was started with (still the same file) and inherit_fds.
void close_on_exec_but_kept(const ChildSetup& c) {
  if (::syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) != 0)
    for (int fd = 3; fd < c.open_max; ++fd) // kernels before 5.11
      ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  for (std::size_t i = 0; i < c.startup_count; ++i)
    if (same_as_at_startup(c.startup[i]))
      ::fcntl(c.startup[i].fd, F_SETFD, 0);
  for (std::size_t i = 0; i < c.inherit_count; ++i)
    ::fcntl(c.inherit_fds[i], F_SETFD, 0);
}

// SpawnOptions::private_binds, in the child: a mount namespace of its own
// whose mounts are slaves (so no bind propagates out), then each bind.
void make_private_binds(const ChildSetup& c) {
  if (c.bind_count == 0 || ::unshare(CLONE_NEWNS) != 0)
    return;
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) != 0)
    return;
  for (std::size_t i = 0; i < c.bind_count; ++i)
    (void)::mount(c.bind_sources[i], c.bind_targets[i], nullptr, MS_BIND,
                  nullptr);
}

// In the forked child: set up, wait for release(), exec or report errno.
[[noreturn]] void exec_child(const ChildSetup& c) {
  if (c.own_group && ::setpgid(0, 0) != 0)
    ::_exit(127);
  if (c.death && ::prctl(PR_SET_PDEATHSIG, c.death) != 0)
    ::_exit(127);
  if (c.death && ::getppid() != c.parent)
    ::_exit(127); // the parent died before prctl took effect
  // Restore default signal dispositions and an empty mask for the child.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  make_private_binds(c);
  // The fds are set before the wait, so a trace attached meanwhile sees
  // none of these calls: after it, only the read's return and execve.
  for (int i = 0; i < 3; ++i)
    if (c.stdio[i] >= 0 && !move_fd(c.stdio[i], i))
      ::_exit(127);
  // The exec error pipe is CLOEXEC already: it stays open until exec.
  close_on_exec_but_kept(c);
  char byte;
  ssize_t n;
  do {
    n = ::read(c.go, &byte, 1);
  } while (n < 0 && errno == EINTR);
  if (n != 1)
    ::_exit(127); // the parent gave up on us
  ::execve(c.exe, c.argv, c.envp);
  int e = errno;
  ssize_t w = ::write(c.exec_err, &e, sizeof e);
  (void)w;
  ::_exit(127);
}

} // namespace

std::string describe_signal(int sig) {
  return "killed by signal " + std::to_string(sig);
}

std::string open_file_limit_advice() {
  rlimit lim{};
  std::string now = ::getrlimit(RLIMIT_NOFILE, &lim) == 0
                        ? std::to_string(lim.rlim_cur)
                        : "unknown";
  return "the open-file limit (ulimit -n) is " + now +
         ", too low for sctrace and bpftrace, which needs one per probe and "
         "per CPU and a few more; raise it, e.g. with `ulimit -n 4096`, and "
         "run sctrace again";
}

Result<std::string> find_executable(const std::string& name) {
  if (name.empty())
    return make_error(ErrorKind::NotFound, "no program name to look up");
  if (name.find('/') != std::string::npos) {
    if (::access(name.c_str(), X_OK) == 0)
      return name;
    return make_error(ErrorKind::NotFound,
                      "'" + name + "' is not an executable file");
  }
  const char* path = std::getenv("PATH");
  for (const auto& dir : util::split(path ? path : "/usr/bin:/bin", ':')) {
    std::string p = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(p.c_str(), X_OK) == 0)
      return p;
  }
  return make_error(ErrorKind::NotFound,
                    "'" + name + "' was not found in PATH");
}

namespace {

// The options spawn() refuses before doing anything.
Result<void> check_spawn_options(const SpawnOptions& opt) {
  if (opt.argv.empty())
    return make_error(ErrorKind::Invalid, "no command to run");
  if ((opt.capture_stdout && !opt.stdout_file.empty()) ||
      (opt.stdout_to_stderr &&
       (opt.capture_stdout || !opt.stdout_file.empty())) ||
      (opt.capture_stderr && !opt.stderr_file.empty()))
    return make_error(ErrorKind::Invalid,
                      "a stream cannot be both captured and redirected");
  return Ok{};
}

// The C strings of private_binds, for the child (built before fork).
struct BindPointers {
  std::vector<const char*> sources, targets;
};

BindPointers bind_pointers(const std::vector<BindMount>& binds) {
  BindPointers p;
  for (const BindMount& b : binds) {
    p.sources.push_back(b.source.c_str());
    p.targets.push_back(b.target.c_str());
  }
  return p;
}

} // namespace

Result<Process> Process::spawn(const SpawnOptions& opt) {
  SCTRACE_TRY(check_spawn_options(opt));
  SCTRACE_TRY_ASSIGN(exe, find_executable(opt.argv[0]));

  // Everything the child needs is built before fork: after fork only
  // async-signal-safe calls are allowed.
  std::vector<char*> argv;
  for (const auto& a : opt.argv)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  Environment env = make_environment(opt.env);
  SCTRACE_TRY_ASSIGN(go, make_pipe());
  SCTRACE_TRY_ASSIGN(err, make_pipe());
  SCTRACE_TRY_ASSIGN(streams, make_streams(opt));

  ChildSetup c;
  c.exe = exe.c_str();
  c.argv = argv.data();
  c.envp = env.pointers.data();
  c.go = go.first.get();
  c.exec_err = err.second.get();
  c.stdio[0] = streams.child[0].get();
  c.stdio[1] = streams.child[1].get();
  c.stdio[2] = streams.child[2].get();
  c.inherit_fds = opt.inherit_fds.data();
  c.inherit_count = opt.inherit_fds.size();
  if (!opt.close_other_fds) {
    c.startup = startup_fds().data();
    c.startup_count = startup_fds().size();
  }
  c.open_max = open_max();
  c.death = opt.death_signal.value_or(0);
  c.own_group = opt.own_process_group;
  c.parent = ::getpid();
  BindPointers binds = bind_pointers(opt.private_binds);
  c.bind_sources = binds.sources.data();
  c.bind_targets = binds.targets.data();
  c.bind_count = binds.sources.size();

  pid_t pid = ::fork();
  if (pid < 0)
    return sys_error("fork");
  if (pid == 0)
    exec_child(c);

  Process p;
  p.pid_ = pid;
  p.name_ = opt.argv[0];
  p.go_ = std::move(go.second);
  p.exec_err_ = std::move(err.first);
  p.stdout_ = std::move(streams.stdout_capture);
  p.stderr_ = std::move(streams.stderr_capture);
  int pfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pfd >= 0)
    p.pidfd_ = Fd(pfd);
  return p;
}

Process::Process(Process&& o) noexcept {
  *this = std::move(o);
}

Process& Process::operator=(Process&& o) noexcept {
  if (this == &o)
    return *this;
  reap_now();
  pid_ = std::exchange(o.pid_, -1);
  name_ = std::move(o.name_);
  go_ = std::move(o.go_);
  exec_err_ = std::move(o.exec_err_);
  stdout_ = std::move(o.stdout_);
  stderr_ = std::move(o.stderr_);
  pidfd_ = std::move(o.pidfd_);
  released_ = o.released_;
  exec_errno_ = o.exec_errno_;
  exited_ = o.exited_;
  exit_code_ = o.exit_code_;
  term_signal_ = o.term_signal_;
  return *this;
}

Process::~Process() {
  reap_now();
}

void Process::reap_now() {
  if (pid_ > 0 && !exited_) {
    ::kill(pid_, SIGKILL);
    int status;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    exited_ = true;
  }
}

Result<void> Process::release() {
  if (released_)
    return Ok{};
  released_ = true;
  char byte = 'g';
  if (::write(go_.get(), &byte, 1) != 1)
    return sys_error("write");
  go_.reset();
  int e = 0;
  ssize_t n;
  do {
    n = ::read(exec_err_.get(), &e, sizeof e);
  } while (n < 0 && errno == EINTR);
  exec_err_.reset();
  if (n == static_cast<ssize_t>(sizeof e)) {
    exec_errno_ = e;
    return make_error(ErrorKind::Child,
                      "spawn \"" + name_ + "\" failed: " + std::strerror(e));
  }
  return Ok{};
}

Result<void> Process::signal(int sig) {
  if (exited_)
    return Ok{};
  if (::kill(pid_, sig) != 0 && errno != ESRCH)
    return sys_error("kill");
  return Ok{};
}

Result<bool> Process::wait(std::optional<int> timeout_ms) {
  if (exited_)
    return true;
  int flags = timeout_ms ? WNOHANG : 0;
  if (timeout_ms && pidfd_.valid()) {
    pollfd p{pidfd_.get(), POLLIN, 0};
    int r;
    do {
      r = ::poll(&p, 1, *timeout_ms);
    } while (r < 0 && errno == EINTR);
    if (r == 0)
      return false;
    // The child has exited; under a ptracer (sctrace run by strace -f) its
    // status reaches waitpid only once the tracer lets it go, so wait.
    if (r > 0)
      flags = 0;
  }
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, flags);
  } while (r < 0 && errno == EINTR);
  if (r < 0)
    return sys_error("waitpid");
  if (r == 0)
    return false;
  exited_ = true;
  if (WIFEXITED(status))
    exit_code_ = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    term_signal_ = WTERMSIG(status);
  return true;
}

} // namespace sctrace::run
