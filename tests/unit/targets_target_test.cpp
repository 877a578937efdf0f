// -p targets: each pid once, and a clear limit on how many.
#include <gtest/gtest.h>

#include <unistd.h>

#include "targets/target.h"

namespace sctrace::targets {
namespace {

TEST(UniquePids, keeps_the_first_of_each_in_order) {
  EXPECT_EQ(unique_pids({7, 3, 7, 7, 9, 3}),
            (std::vector<std::int64_t>{7, 3, 9}));
  EXPECT_TRUE(unique_pids({}).empty());
}

TEST(ResolveTarget, ten_thousand_copies_of_a_pid_are_one_target) {
  TargetOptions o;
  o.pids.assign(10000, ::getpid());
  auto t = resolve_target(o);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->pids, (std::vector<std::int64_t>{::getpid()}));
}

TEST(ResolveTarget, more_distinct_pids_than_the_cap_are_refused_with_advice) {
  TargetOptions o;
  for (std::size_t i = 0; i <= kMaxTargetPids; ++i)
    o.pids.push_back(static_cast<std::int64_t>(1000000 + i));
  auto t = resolve_target(o);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, ErrorKind::Invalid);
  EXPECT_NE(t.error().message.find("trace fewer processes"), std::string::npos)
      << t.error().message;
  EXPECT_NE(t.error().message.find("--comm"), std::string::npos);
}

TEST(ResolveTarget, the_cap_counts_distinct_pids_only) {
  TargetOptions o;
  for (std::size_t i = 0; i <= kMaxTargetPids; ++i)
    o.pids.push_back(::getpid());
  EXPECT_TRUE(resolve_target(o).ok());
}

} // namespace
} // namespace sctrace::targets
