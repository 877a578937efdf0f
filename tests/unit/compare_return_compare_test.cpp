#include "modes/compare/return_compare.h"

#include <gtest/gtest.h>

namespace sctrace::compare {
namespace {

StraceCall strace(const std::string& syscall, const std::string& ret) {
  StraceCall c;
  c.syscall = syscall;
  c.ret = parse_strace_return(ret);
  return c;
}

SctraceCall sctrace(const std::string& syscall, std::optional<long> ret,
                    const std::string& error = "",
                    const std::string& unfinished = "") {
  SctraceCall c;
  c.syscall = syscall;
  c.return_value = ret;
  c.error_name = error;
  c.unfinished = unfinished;
  return c;
}

Verdict check(const StraceCall& a, const SctraceCall& b) {
  return compare_return(a, b).verdict;
}

TEST(ReturnCompare, values) {
  EXPECT_EQ(check(strace("openat", "3"), sctrace("openat", 3)), Verdict::Equal);
  EXPECT_EQ(check(strace("openat", "3"), sctrace("openat", 4)),
            Verdict::Differ);
  EXPECT_EQ(check(strace("fcntl", "0x8002 (flags O_RDWR|O_LARGEFILE)"),
                  sctrace("fcntl", 0x8002)),
            Verdict::Equal);
}

TEST(ReturnCompare, errors_compare_by_number) {
  EXPECT_EQ(check(strace("openat", "-1 ENOENT (No such file or directory)"),
                  sctrace("openat", -2, "ENOENT")),
            Verdict::Equal);
  EXPECT_EQ(check(strace("openat", "-1 ENOENT (No such file or directory)"),
                  sctrace("openat", -13, "EACCES")),
            Verdict::Differ);
  EXPECT_EQ(check(strace("read", "-1 EAGAIN (Resource temporarily "
                                 "unavailable)"),
                  sctrace("read", -11, "EWOULDBLOCK")),
            Verdict::Equal);
  EXPECT_EQ(check(strace("openat", "-1 ENOENT (No such file or directory)"),
                  sctrace("openat", 3)),
            Verdict::Differ);
  EXPECT_EQ(check(strace("openat", "3"), sctrace("openat", -2, "ENOENT")),
            Verdict::Differ);
  EXPECT_EQ(check(strace("bind", "-1 (errno 41)"), sctrace("bind", -41)),
            Verdict::Equal);
}

TEST(ReturnCompare, restarts_and_calls_that_never_return) {
  EXPECT_EQ(check(strace("rt_sigsuspend", "? ERESTARTNOHAND (To be restarted "
                                          "if no handler)"),
                  sctrace("rt_sigsuspend", -514, "ERESTARTNOHAND")),
            Verdict::Equal);
  EXPECT_EQ(check(strace("exit_group", "?"),
                  sctrace("exit_group", std::nullopt, "", "never_returned")),
            Verdict::Equal);
  EXPECT_EQ(check(strace("openat", "3"),
                  sctrace("openat", std::nullopt, "", "never_returned")),
            Verdict::Differ);
  EXPECT_EQ(check(strace("execve", "?"), sctrace("execve", 0)),
            Verdict::Ignored);
}

TEST(ReturnCompare, values_that_vary_between_runs_compare_success_only) {
  EXPECT_EQ(check(strace("clone", "16467"), sctrace("clone", 18349)),
            Verdict::Equal);
  EXPECT_EQ(
      check(strace("mmap", "0x7f0f2551c000"), sctrace("mmap", 139917169524736)),
      Verdict::Equal);
  EXPECT_EQ(
      check(strace("mmap", "0x7f0f2551c000"), sctrace("mmap", -12, "ENOMEM")),
      Verdict::Differ);
  EXPECT_EQ(check(strace("getpid", "100"), sctrace("getpid", 200)),
            Verdict::Equal);
  EXPECT_TRUE(returns_vary("wait4"));
  EXPECT_FALSE(returns_vary("openat"));
}

TEST(ReturnCompare, unseen_ends_are_ignored) {
  StraceCall unfinished;
  unfinished.syscall = "read";
  EXPECT_EQ(check(unfinished, sctrace("read", 1)), Verdict::Ignored);
  EXPECT_EQ(check(strace("read", "1"),
                  sctrace("read", std::nullopt, "", "running_at_stop")),
            Verdict::Ignored);
}

} // namespace
} // namespace sctrace::compare
