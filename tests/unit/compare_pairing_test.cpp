#include "modes/compare/pairing.h"

#include <gtest/gtest.h>

namespace sctrace::compare {
namespace {

CallKey call(std::uint32_t tid, std::string syscall,
             std::optional<std::uint32_t> child = std::nullopt) {
  return CallKey{tid, std::move(syscall), child};
}

using Threads = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

TEST(Pairing, pairs_the_nth_call_of_each_syscall_across_pids) {
  std::vector<CallKey> a = {call(100, "openat"), call(100, "read"),
                            call(100, "openat"), call(100, "close")};
  std::vector<CallKey> b = {call(900, "openat"), call(900, "openat"),
                            call(900, "read")};
  Pairing p = pair_calls(a, b);
  EXPECT_EQ(p.threads, (Threads{{100, 900}}));
  ASSERT_EQ(p.calls.size(), 3u);
  EXPECT_EQ(p.calls[0].a, 0u);
  EXPECT_EQ(p.calls[0].b, 0u);
  EXPECT_EQ(p.calls[1].a, 1u); // read with read
  EXPECT_EQ(p.calls[1].b, 2u);
  EXPECT_EQ(p.calls[2].a, 2u); // second openat with second openat
  EXPECT_EQ(p.calls[2].b, 1u);
  EXPECT_EQ(p.unpaired_a, 1u); // close
  EXPECT_EQ(p.unpaired_b, 0u);
}

TEST(Pairing, matches_threads_by_first_appearance) {
  std::vector<CallKey> a = {call(1, "execve"), call(1, "clone", 2),
                            call(2, "execve"), call(1, "wait4")};
  std::vector<CallKey> b = {call(50, "execve"), call(50, "clone", 77),
                            call(77, "execve"), call(50, "wait4")};
  Pairing p = pair_calls(a, b);
  EXPECT_EQ(p.threads, (Threads{{1, 50}, {2, 77}}));
  EXPECT_EQ(p.ambiguous_threads, 0u);
  EXPECT_EQ(p.calls.size(), 4u);
  EXPECT_EQ(p.unpaired_a + p.unpaired_b, 0u);
}

TEST(Pairing, a_fork_tree_that_contradicts_the_order_is_ambiguous) {
  // Run A: the clone's child (2) starts after the vfork's child (3);
  // run B: in fork order. Order alone would pair 3 with 20: wrong.
  std::vector<CallKey> a = {call(1, "clone", 2),   call(1, "vfork", 3),
                            call(3, "execve"),     call(2, "execve"),
                            call(2, "exit_group"), call(3, "exit_group")};
  std::vector<CallKey> b = {call(10, "clone", 20),  call(20, "execve"),
                            call(10, "vfork", 30),  call(30, "execve"),
                            call(20, "exit_group"), call(30, "exit_group")};
  Pairing p = pair_calls(a, b);
  EXPECT_EQ(p.threads, (Threads{{1, 10}}));
  EXPECT_EQ(p.ambiguous_threads, 2u);
  EXPECT_EQ(p.calls.size(), 2u);
  EXPECT_EQ(p.unpaired_a, 4u);
  EXPECT_EQ(p.unpaired_b, 4u);
}

TEST(Pairing, without_fork_evidence_equal_thread_counts_pair_by_order) {
  // --syscalls openat: no clone in either log.
  std::vector<CallKey> a = {call(1, "openat"), call(2, "openat")};
  std::vector<CallKey> b = {call(5, "openat"), call(6, "openat")};
  Pairing p = pair_calls(a, b);
  EXPECT_EQ(p.threads, (Threads{{1, 5}, {2, 6}}));
  EXPECT_EQ(p.calls.size(), 2u);
}

TEST(Pairing, different_thread_counts_keep_only_confirmed_matches) {
  std::vector<CallKey> a = {call(1, "clone", 2), call(2, "read"),
                            call(3, "read")};
  std::vector<CallKey> b = {call(7, "clone", 8), call(8, "read")};
  Pairing p = pair_calls(a, b);
  EXPECT_EQ(p.threads, (Threads{{1, 7}, {2, 8}}));
  EXPECT_EQ(p.threads_a, 3u);
  EXPECT_EQ(p.threads_b, 2u);
  EXPECT_EQ(p.unpaired_a, 1u);

  std::vector<CallKey> c = {call(1, "read"), call(2, "read"), call(3, "read")};
  std::vector<CallKey> d = {call(7, "read"), call(8, "read")};
  p = pair_calls(c, d);
  EXPECT_EQ(p.threads, (Threads{{1, 7}}));
  EXPECT_EQ(p.ambiguous_threads, 1u);
}

TEST(Pairing, ambiguity_is_inherited_by_grandchildren) {
  std::vector<CallKey> a = {call(1, "clone", 2), call(1, "clone", 3),
                            call(3, "clone", 4), call(2, "read"),
                            call(4, "read")};
  std::vector<CallKey> b = {call(1, "clone", 2), call(2, "read"),
                            call(1, "clone", 3), call(3, "clone", 4),
                            call(4, "read")};
  Pairing p = pair_calls(a, b);
  // 3 and 2 swap places: both ambiguous, and so is 3's child 4, although
  // order alone would match it.
  EXPECT_EQ(p.threads, (Threads{{1, 1}}));
  EXPECT_EQ(p.ambiguous_threads, 3u);
}

TEST(Pairing, empty_runs) {
  Pairing p = pair_calls({}, {});
  EXPECT_TRUE(p.threads.empty());
  EXPECT_TRUE(p.calls.empty());
  p = pair_calls({call(1, "read")}, {});
  EXPECT_EQ(p.unpaired_a, 1u);
}

TEST(Pairing, clone_family) {
  EXPECT_TRUE(is_clone_family("clone3"));
  EXPECT_TRUE(is_clone_family("vfork"));
  EXPECT_FALSE(is_clone_family("execve"));
}

} // namespace
} // namespace sctrace::compare
