// pid_reuse (pid_reuse.h).
#include "pid_reuse.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace sctrace::workload {
namespace {

constexpr int kTries = 200;
constexpr int kNotThePid = 4; // a retry child's exit status

// Forks a child that calls getppid `calls` times when its pid is `want`
// (or always, when want is 0) and exits kNotThePid otherwise. Returns the
// child's pid, or -1.
pid_t fork_caller(long calls, pid_t want) {
  pid_t child = ::fork();
  if (child != 0)
    return child;
  if (want != 0 && ::syscall(SYS_getpid) != want)
    ::_exit(kNotThePid);
  for (long i = 0; i < calls; ++i)
    ::syscall(SYS_getppid);
  ::_exit(0);
}

// Waits for child; its exit status, or -1.
int reap(pid_t child) {
  int status = 0;
  if (child < 0 || ::waitpid(child, &status, 0) != child || !WIFEXITED(status))
    return -1;
  return WEXITSTATUS(status);
}

// Makes the kernel's next pid `pid` (ns_last_pid = pid - 1).
bool set_next_pid(pid_t pid) {
  int fd = ::open("/proc/sys/kernel/ns_last_pid", O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  const std::string text = std::to_string(pid - 1);
  const bool ok = ::write(fd, text.data(), text.size()) ==
                  static_cast<ssize_t>(text.size());
  ::close(fd);
  return ok;
}

} // namespace

int pid_reuse(long first, long second) {
  const pid_t a = fork_caller(first, 0);
  if (reap(a) != 0) {
    std::fprintf(stderr, "pid_reuse: the first child failed\n");
    return 1;
  }
  for (int tries = 1; tries <= kTries; ++tries) {
    if (!set_next_pid(a)) {
      std::perror("pid_reuse: writing /proc/sys/kernel/ns_last_pid (needs "
                  "root)");
      return 1;
    }
    const pid_t b = fork_caller(second, a);
    const int status = reap(b);
    if (status < 0)
      return 1;
    if (b == a && status == 0) {
      std::printf("pid %d reused after %d forks\n", static_cast<int>(a), tries);
      return 0;
    }
  }
  std::fprintf(stderr,
               "pid_reuse: pid %d was not handed out again in %d forks: "
               "other processes kept taking it\n",
               static_cast<int>(a), kTries);
  return 3;
}

} // namespace sctrace::workload
