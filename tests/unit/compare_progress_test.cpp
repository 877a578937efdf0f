#include "modes/compare/progress.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace sctrace::compare {
namespace {

TEST(CompareProgress, counts_this_process_reads_and_writes) {
  std::vector<pid_t> self = {::getpid()};
  ProgressSample before = sample_progress(self);
  int fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  char c = 0;
  for (int i = 0; i < 50; ++i) {
    ASSERT_EQ(::read(fd, &c, 1), 0);
    ASSERT_EQ(::write(fd, &c, 1), 1);
  }
  ::close(fd);
  ProgressSample after = sample_progress(self);
  EXPECT_EQ(before.gone, 0u);
  // 100 calls, plus the reads of /proc this process made for the sample.
  EXPECT_GE(after.rw_calls - before.rw_calls, 100u);
  EXPECT_LT(after.rw_calls - before.rw_calls, 120u);
  EXPECT_GE(after.cpu_seconds, before.cpu_seconds);
}

TEST(CompareProgress, a_process_that_is_gone_is_counted_apart) {
  pid_t child = ::fork();
  if (child == 0)
    ::_exit(0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);
  ProgressSample s = sample_progress({child, ::getpid()});
  EXPECT_EQ(s.gone, 1u);
  EXPECT_GT(s.rw_calls, 0u);
}

TEST(CompareProgress, slowdown_is_the_ratio_of_call_rates) {
  ProgressSample a{1000, 1.0, 0}, b{3000, 1.5, 0}, c{3500, 2.5, 0};
  Rate untraced = rate_between("untraced", a, b, 2.0); // 1000/s
  Rate traced = rate_between("strace", b, c, 2.0);     // 250/s
  EXPECT_DOUBLE_EQ(untraced.calls_per_second(), 1000);
  EXPECT_DOUBLE_EQ(traced.cpu_share(), 0.5);
  EXPECT_DOUBLE_EQ(slowdown(untraced, traced), 4.0);
  // No calls: not measurable, never a division by zero.
  Rate idle = rate_between("sctrace", c, c, 2.0);
  EXPECT_FALSE(idle.has_calls());
  EXPECT_EQ(slowdown(untraced, idle), 0);
  EXPECT_EQ(slowdown(idle, traced), 0);
}

} // namespace
} // namespace sctrace::compare
