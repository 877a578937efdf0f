#include "run/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

#include "util/strings.h"

extern char** environ;

namespace sctrace::run {

namespace {

Error sys_error(const std::string& what) {
  return make_error(ErrorKind::System, "system call \"" + what + "\" failed: " +
                                           std::strerror(errno));
}

Result<std::pair<Fd, Fd>> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return sys_error("pipe2");
  return std::make_pair(Fd(fds[0]), Fd(fds[1]));
}

// The parent's environment with overrides applied, as "KEY=VALUE"
// strings sorted by key.
std::vector<std::string> merged_environment(
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
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env_map)
    env_strings.push_back(k + "=" + v);
  return env_strings;
}

// A null-terminated array of pointers into strings (which must outlive it).
std::vector<char*> c_pointers(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const auto& s : strings)
    out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// Everything the child needs, built before fork.
struct ChildSetup {
  const char* exe = nullptr;
  char* const* argv = nullptr;
  char* const* envp = nullptr;
  int go_fd = -1;       // read end: a byte here releases the child
  int exec_err_fd = -1; // write end: errno of a failed execve
  int stdout_fd = -1;   // dup'ed onto 1 when >= 0
  int stderr_fd = -1;   // dup'ed onto 2 when >= 0
  int death_signal = 0;
  pid_t parent = 0;
  const std::vector<int>* inherit_fds = nullptr;
};

// The child after fork: only async-signal-safe calls. Sets the death
// signal, restores default signal handling, waits for release, redirects
// output and execs; never returns (exit 127 on any failure).
[[noreturn]] void run_child(const ChildSetup& c) {
  if (c.death_signal && ::prctl(PR_SET_PDEATHSIG, c.death_signal) != 0)
    ::_exit(127);
  if (c.death_signal && ::getppid() != c.parent)
    ::_exit(127); // the parent died before prctl took effect
  // Restore default signal dispositions and an empty mask for the child.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  char byte;
  ssize_t n;
  do {
    n = ::read(c.go_fd, &byte, 1);
  } while (n < 0 && errno == EINTR);
  if (n != 1)
    ::_exit(127); // the parent gave up on us
  if (c.stdout_fd >= 0 && ::dup2(c.stdout_fd, 1) < 0)
    ::_exit(127);
  if (c.stderr_fd >= 0 && ::dup2(c.stderr_fd, 2) < 0)
    ::_exit(127);
  for (int fd : *c.inherit_fds)
    ::fcntl(fd, F_SETFD, 0);
  ::execve(c.exe, c.argv, c.envp);
  int e = errno;
  ssize_t w = ::write(c.exec_err_fd, &e, sizeof e);
  (void)w;
  ::_exit(127);
}

} // namespace

Result<std::string> find_executable(const std::string& name) {
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

Result<Process> Process::spawn(const SpawnOptions& opt) {
  if (opt.argv.empty())
    return make_error(ErrorKind::Invalid, "no command to run");
  SCTRACE_TRY_ASSIGN(exe, find_executable(opt.argv[0]));

  // Everything the child needs is built before fork: after fork only
  // async-signal-safe calls are allowed.
  std::vector<char*> argv = c_pointers(opt.argv);
  const std::vector<std::string> env_strings = merged_environment(opt.env);
  std::vector<char*> envp = c_pointers(env_strings);

  SCTRACE_TRY_ASSIGN(go, make_pipe());
  SCTRACE_TRY_ASSIGN(err, make_pipe());
  std::pair<Fd, Fd> out, errout;
  if (opt.capture_stdout) {
    SCTRACE_TRY_ASSIGN(p, make_pipe());
    out = std::move(p);
  }
  if (opt.capture_stderr) {
    SCTRACE_TRY_ASSIGN(p, make_pipe());
    errout = std::move(p);
  }
  ChildSetup child;
  child.exe = exe.c_str();
  child.argv = argv.data();
  child.envp = envp.data();
  child.go_fd = go.first.get();
  child.exec_err_fd = err.second.get();
  child.stdout_fd = out.second.valid() ? out.second.get() : -1;
  child.stderr_fd = errout.second.valid() ? errout.second.get() : -1;
  child.death_signal = opt.death_signal.value_or(0);
  child.parent = ::getpid();
  child.inherit_fds = &opt.inherit_fds;

  pid_t pid = ::fork();
  if (pid < 0)
    return sys_error("fork");
  if (pid == 0)
    run_child(child);

  Process p;
  p.pid_ = pid;
  p.name_ = opt.argv[0];
  p.go_ = std::move(go.second);
  p.exec_err_ = std::move(err.first);
  p.stdout_ = std::move(out.first);
  p.stderr_ = std::move(errout.first);
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
  if (n == static_cast<ssize_t>(sizeof e))
    return make_error(ErrorKind::Child,
                      "spawn \"" + name_ + "\" failed: " + std::strerror(e));
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
  if (timeout_ms && pidfd_.valid()) {
    pollfd p{pidfd_.get(), POLLIN, 0};
    int r;
    do {
      r = ::poll(&p, 1, *timeout_ms);
    } while (r < 0 && errno == EINTR);
    if (r == 0)
      return false;
  }
  int status = 0;
  pid_t r;
  int flags = timeout_ms ? WNOHANG : 0;
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
