// parse_thresholds (`sctrace slow --threshold`): a default, per-syscall
// values, both, and refusals that name the problem.
#include <gtest/gtest.h>

#include "gen/syscall_table.h"
#include "syscalls/thresholds.h"

namespace sctrace::syscalls {
namespace {

int nr(const char* name) {
  return *gen::syscall_number(name);
}

TEST(SyscallsThresholds, default_is_ten_milliseconds_for_everything) {
  auto t = parse_thresholds({});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->default_ns, 10'000'000u);
  EXPECT_TRUE(t->by_syscall.empty());
  EXPECT_EQ(t->for_syscall(nr("read")), 10'000'000u);
}

TEST(SyscallsThresholds, per_syscall_only_watches_those) {
  auto t = parse_thresholds({"read=10ms,futex=1ms", "connect=100ms"});
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->default_ns);
  EXPECT_EQ(t->for_syscall(nr("read")), 10'000'000u);
  EXPECT_EQ(t->for_syscall(nr("futex")), 1'000'000u);
  EXPECT_EQ(t->for_syscall(nr("connect")), 100'000'000u);
  EXPECT_FALSE(t->for_syscall(nr("write")));
}

TEST(SyscallsThresholds, default_and_overrides_mix) {
  auto t = parse_thresholds({" 5ms , read=50ms "});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->default_ns, 5'000'000u);
  EXPECT_EQ(t->for_syscall(nr("read")), 50'000'000u);
  EXPECT_EQ(t->for_syscall(nr("write")), 5'000'000u);
}

TEST(SyscallsThresholds, refusals) {
  auto expect_error = [](std::vector<std::string> specs, const char* text) {
    auto t = parse_thresholds(specs);
    ASSERT_FALSE(t.ok()) << specs[0];
    EXPECT_NE(t.error().message.find(text), std::string::npos)
        << t.error().message;
  };
  expect_error({"raed=10ms"}, "unknown syscall 'raed'; did you mean read?");
  expect_error({"read=fast"}, "bad duration 'fast'");
  expect_error({"10ms,20ms"}, "two defaults");
  expect_error({"read=1ms", "read=2ms"}, "gives read twice");
  expect_error({","}, "--threshold is empty");
}

} // namespace
} // namespace sctrace::syscalls
