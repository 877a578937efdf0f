// parse_thresholds (`sctrace slow --threshold`): a default, per-syscall
// values, both, across several options, tracepoint names as aliases, and
// refusals that name the problem.
#include <gtest/gtest.h>

#include "gen/syscall_table.h"
#include "modes/syscalls/thresholds.h"

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

TEST(SyscallsThresholds, a_per_syscall_value_wins_wherever_the_default_is) {
  auto t = parse_thresholds({"read=50ms", "5ms"});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->for_syscall(nr("read")), 50'000'000u);
  EXPECT_EQ(t->for_syscall(nr("write")), 5'000'000u);
  // A bare number is microseconds, as for every duration.
  auto us = parse_thresholds({"openat=250"});
  ASSERT_TRUE(us.ok());
  EXPECT_EQ(us->for_syscall(nr("openat")), 250'000u);
}

TEST(SyscallsThresholds, tracepoint_event_names_are_the_same_syscall) {
  // newfstat is fstat's tracepoint name (sys_enter_newfstat): one syscall,
  // so giving both is giving fstat twice.
  auto t = parse_thresholds({"newfstat=2ms"});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->for_syscall(nr("fstat")), 2'000'000u);
  auto twice = parse_thresholds({"newfstat=2ms,fstat=3ms"});
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("twice"), std::string::npos);
}

TEST(SyscallsThresholds, more_refusals) {
  // Two defaults in two options, as in one.
  auto two = parse_thresholds({"5ms", "10ms"});
  ASSERT_FALSE(two.ok());
  EXPECT_NE(two.error().message.find("two defaults"), std::string::npos);
  for (const char* bad : {"read=", "=10ms", "read=-1ms", "read=10 ms"}) {
    auto t = parse_thresholds({bad});
    EXPECT_FALSE(t.ok()) << bad;
  }
  auto empty = parse_thresholds({"", " "});
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("--threshold is empty"),
            std::string::npos);
}

// Regression: the name before '=' was trimmed and the value after it was
// not, so "read = 10ms" failed with "bad duration ' 10ms'".
TEST(SyscallsThresholds, spaces_around_the_equals_sign_are_ignored) {
  auto t = parse_thresholds({"read = 10ms"});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->for_syscall(nr("read")), 10'000'000u);
}

} // namespace
} // namespace sctrace::syscalls
