// The fds this process was started with that its parent left without
// FD_CLOEXEC: the ones its parent meant for sctrace's children too, so a
// traced command gets them as it would under strace.
//
// Contract:
//  - startup_fds() is recorded once, before main() (a static initializer
//    in startup_fds.cpp), when no thread of sctrace and no library it
//    calls has opened a file yet. fds 0, 1 and 2 are not listed: the
//    launcher sets those itself.
//  - Each entry names its file by device and inode, so a forked child can
//    tell an fd it was started with from a later file that reuses the
//    number after sctrace closed it: same_as_at_startup() only calls
//    fstat, which is async-signal-safe.
//  - Without /proc, fds 3 to 1023 are probed with fcntl instead.
#pragma once

#include <sys/types.h>

#include <vector>

namespace sctrace::run {

struct StartupFd {
  int fd = -1;
  dev_t dev = 0;
  ino_t ino = 0;
};

// This process's fds >= 3 without FD_CLOEXEC when it started.
const std::vector<StartupFd>& startup_fds();

// Whether fd `s.fd` is still the file it was at start-up.
bool same_as_at_startup(const StartupFd& s);

} // namespace sctrace::run
