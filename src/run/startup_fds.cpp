#include "run/startup_fds.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cstdlib>

namespace sctrace::run {

namespace {

// fd as a StartupFd when it is open without FD_CLOEXEC.
bool inheritable(int fd, StartupFd& out) {
  const int flags = ::fcntl(fd, F_GETFD);
  struct stat st {};
  if (flags < 0 || (flags & FD_CLOEXEC) != 0 || ::fstat(fd, &st) != 0)
    return false;
  out = StartupFd{fd, st.st_dev, st.st_ino};
  return true;
}

// The open fds >= 3, from /proc/self/fd; false when it cannot be read.
bool list_from_proc(std::vector<int>& fds) {
  DIR* dir = ::opendir("/proc/self/fd"); // O_CLOEXEC, and skipped below
  if (dir == nullptr)
    return false;
  const int own = ::dirfd(dir);
  while (const dirent* e = ::readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(e->d_name, &end, 10);
    if (end != e->d_name && *end == '\0' && fd >= 3 && fd != own)
      fds.push_back(static_cast<int>(fd));
  }
  ::closedir(dir);
  return true;
}

std::vector<StartupFd> scan() {
  std::vector<int> candidates;
  if (!list_from_proc(candidates))
    for (int fd = 3; fd < 1024; ++fd)
      candidates.push_back(fd);
  std::vector<StartupFd> found;
  for (int fd : candidates) {
    StartupFd s;
    if (inheritable(fd, s))
      found.push_back(s);
  }
  return found;
}

// Recorded before main(), whatever calls startup_fds() first.
[[maybe_unused]] const std::vector<StartupFd>& recorded_early = startup_fds();

} // namespace

const std::vector<StartupFd>& startup_fds() {
  static const std::vector<StartupFd> fds = scan();
  return fds;
}

bool same_as_at_startup(const StartupFd& s) {
  struct stat st {};
  return ::fstat(s.fd, &st) == 0 && st.st_dev == s.dev && st.st_ino == s.ino;
}

} // namespace sctrace::run
