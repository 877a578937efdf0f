// --target WORD (targets/target_word.h): a number is a pid, a running
// container's name or ID is a container, anything else a process name.
// (A container found by name is checked live: tests/live/
// syscalls_seed_cli_live_test.cpp and syscalls_targets_live_test.cpp.)
#include <gtest/gtest.h>

#include "targets/target_word.h"

namespace sctrace::targets {
namespace {

TEST(TargetWord, all_digits_is_a_pid) {
  auto t = target_from_word("1234");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->pids, (std::vector<std::int64_t>{1234}));
  EXPECT_TRUE(t->comm.empty());
  EXPECT_TRUE(t->container.empty());
}

TEST(TargetWord, a_name_no_container_has_is_a_process_name) {
  auto t = target_from_word("sctrace-nope");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->comm, "sctrace-nope");
  EXPECT_TRUE(t->pids.empty());
  EXPECT_TRUE(t->container.empty());
}

TEST(TargetWord, a_name_with_a_slash_is_a_process_name_not_a_container) {
  auto t = target_from_word("kworker/0:1");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->comm, "kworker/0:1");
}

TEST(TargetWord, a_long_name_that_is_no_container_is_refused_with_advice) {
  auto t = target_from_word("sctrace-no-such-thing");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, ErrorKind::Invalid);
  EXPECT_NE(t.error().message.find("not a pid, no running container"),
            std::string::npos)
      << t.error().message;
  EXPECT_NE(t.error().message.find("(sctrace-no-such)"), std::string::npos)
      << t.error().message;
}

TEST(TargetWord, empty_and_oversized_numbers_are_refused) {
  EXPECT_FALSE(target_from_word("").ok());
  auto t = target_from_word("99999999999999999999999");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("too large to be a pid"), std::string::npos);
}

} // namespace
} // namespace sctrace::targets
