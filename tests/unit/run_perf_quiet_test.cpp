// run/perf_quiet.h where no bpftrace is needed: a process without perf
// events is left as it is, and a process that is gone is named in the
// error. tests/live/perf_quiet_live_test.cpp shows its effect on bpftrace's
// events on the real kernel.
#include <gtest/gtest.h>

#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/perf_quiet.h"

namespace sctrace::run {
namespace {

TEST(PerfQuiet, AProcessWithoutPerfEventsHasNothingToQuiet) {
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, ::getpid(), 0));
  ASSERT_GE(pidfd, 0);
  auto names = quiet_tracepoint_events(::getpid(), pidfd);
  ::close(pidfd);
  ASSERT_TRUE(names.ok()) << names.error().message;
  EXPECT_TRUE(names->empty());
}

TEST(PerfQuiet, AProcessThatIsGoneIsNamedInTheError) {
  const pid_t child = ::fork();
  if (child == 0)
    ::_exit(0);
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, child, 0));
  ::waitpid(child, nullptr, 0);
  auto names = quiet_tracepoint_events(child, pidfd);
  if (pidfd >= 0)
    ::close(pidfd);
  ASSERT_FALSE(names.ok());
  EXPECT_NE(
      names.error().message.find("/proc/" + std::to_string(child) + "/fd"),
      std::string::npos)
      << names.error().message;
}

} // namespace
} // namespace sctrace::run
