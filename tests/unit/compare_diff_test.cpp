#include "modes/compare/diff.h"

#include <gtest/gtest.h>

#include <map>

namespace sctrace::compare {
namespace {

std::string event(std::uint32_t tid, const std::string& time,
                  const std::string& syscall, const std::string& args,
                  const std::string& ret, const std::string& error = "null",
                  const std::string& unfinished = "null") {
  return R"({"timestamp":"2026-11-22T04:01:00.)" + time + R"(Z","pid":)" +
         std::to_string(tid) + R"(,"tid":)" + std::to_string(tid) +
         R"(,"comm":"x","syscall":")" + syscall + R"(","nr":0,"args":{)" +
         args + R"(},"return_value":)" + ret +
         R"(,"duration_ns":1,"duration_us":0,"error":)" + error +
         R"(,"unfinished":)" + unfinished + "}\n";
}

const std::string kEnoent =
    R"({"errno":2,"name":"ENOENT","message":"No such file or directory"})";

SctraceLog sctrace_log(const std::string& text) {
  auto log = parse_sctrace_jsonl(text);
  EXPECT_TRUE(log.ok()) << log.error().message;
  return log.ok() ? *log : SctraceLog{};
}

std::map<std::string, SyscallCount> by_name(const Diff& d) {
  std::map<std::string, SyscallCount> m;
  for (const auto& c : d.per_syscall)
    m[c.syscall] = c;
  return m;
}

TEST(Diff, identical_runs_match) {
  StraceLog s = parse_strace_log(
      "10 1.0 openat(AT_FDCWD, \"/etc/x\", O_RDONLY) = 3 <0.1>\n"
      "10 1.1 read(3, \"abc\", 4096) = 3 <0.1>\n"
      "10 1.2 openat(AT_FDCWD, \"/nope\", O_RDONLY) = -1 ENOENT (No such "
      "file or directory) <0.1>\n"
      "10 1.3 close(3) = 0 <0.1>\n"
      "10 1.4 exit_group(0) = ?\n");
  // sctrace writes at exit: out of entry order on purpose.
  SctraceLog c = sctrace_log(
      event(20, "000000002", "read", R"("fd":3,"buf":"0x7ffd10","count":4096)",
            "3") +
      event(20, "000000001", "openat",
            R"("dfd":"AT_FDCWD","filename":"/etc/x","flags":"O_RDONLY",)"
            R"("mode":0)",
            "3") +
      event(20, "000000003", "openat",
            R"("dfd":"AT_FDCWD","filename":"/nope","flags":"O_RDONLY",)"
            R"("mode":0)",
            "-2", kEnoent) +
      event(20, "000000004", "close", R"("fd":3)", "0") +
      event(20, "000000005", "exit_group", R"("error_code":0)", "null", "null",
            R"("never_returned")"));
  Diff d = diff_logs(s, c);
  EXPECT_TRUE(d.match());
  EXPECT_EQ(d.count_mismatches, 0u);
  EXPECT_EQ(d.strace_calls, 5u);
  EXPECT_EQ(d.sctrace_calls, 5u);
  EXPECT_EQ(d.paired_calls, 5u);
  EXPECT_EQ(d.paired_threads, 1u);
  EXPECT_EQ(d.returns_compared, 5u);
  EXPECT_EQ(d.return_mismatches, 0u);
  EXPECT_EQ(d.argument_mismatches, 0u);
  // read's buffer and openat's mode (strace leaves it out) are not
  // compared.
  EXPECT_EQ(d.arguments_ignored, 1u);
  EXPECT_EQ(d.arguments_compared, 3u + 2u + 3u + 1u + 1u);
  EXPECT_TRUE(d.examples.empty());
}

TEST(Diff, reports_count_return_and_argument_disagreements) {
  StraceLog s =
      parse_strace_log("10 1.0 openat(AT_FDCWD, \"/etc/x\", O_RDONLY) = 3\n"
                       "10 1.1 openat(AT_FDCWD, \"/etc/y\", O_RDONLY) = 3\n"
                       "10 1.2 getpid() = 10\n");
  SctraceLog c = sctrace_log(
      event(20, "000000001", "openat",
            R"("dfd":"AT_FDCWD","filename":"/etc/x","flags":"O_RDONLY")", "4") +
      event(20, "000000002", "openat",
            R"("dfd":"AT_FDCWD","filename":"/etc/z","flags":"O_RDONLY")", "3"));
  Diff d = diff_logs(s, c);
  EXPECT_FALSE(d.match());
  auto m = by_name(d);
  EXPECT_EQ(m["getpid"].strace, 1u);
  EXPECT_EQ(m["getpid"].sctrace, 0u);
  EXPECT_TRUE(m["openat"].match());
  EXPECT_EQ(d.count_mismatches, 1u);
  EXPECT_EQ(d.unpaired_strace, 1u);
  EXPECT_EQ(d.return_mismatches, 1u);
  EXPECT_EQ(d.argument_mismatches, 1u);
  ASSERT_EQ(d.examples.size(), 2u);
  const Disagreement& r = d.examples[0];
  EXPECT_EQ(r.kind, "return");
  EXPECT_EQ(r.syscall, "openat");
  EXPECT_EQ(r.nth, 1u);
  EXPECT_EQ(r.strace_tid, 10u);
  EXPECT_EQ(r.sctrace_tid, 20u);
  EXPECT_EQ(r.strace_line, 1u);
  EXPECT_EQ(r.sctrace_line, 1u);
  EXPECT_EQ(r.detail, "strace: 3, sctrace: 4");
  EXPECT_EQ(r.strace, "openat(AT_FDCWD, \"/etc/x\", O_RDONLY) = 3");
  EXPECT_EQ(r.sctrace_text, "openat(AT_FDCWD, \"/etc/x\", O_RDONLY) = 4");
  EXPECT_NE(r.sctrace_json.find("\"return_value\":4"), std::string::npos);
  const Disagreement& a = d.examples[1];
  EXPECT_EQ(a.kind, "argument");
  EXPECT_EQ(a.argument, "filename");
  EXPECT_EQ(a.arg_index, 1);
  EXPECT_EQ(a.nth, 2u);
  EXPECT_EQ(a.detail, "strace: \"/etc/y\", sctrace: \"/etc/z\"");
  ASSERT_EQ(d.by_kind.size(), 2u);
}

TEST(Diff, examples_are_capped_and_varied) {
  std::string strace_text, sctrace_text;
  for (int i = 0; i < 30; ++i) {
    strace_text += "10 1.0 close(" + std::to_string(i + 3) + ") = 0\n";
    char t[16];
    std::snprintf(t, sizeof t, "%09d", i);
    sctrace_text +=
        event(20, t, "close", R"("fd":)" + std::to_string(i + 4), "0");
  }
  strace_text += "10 1.0 dup(1) = 5\n";
  sctrace_text += event(20, "000000100", "dup", R"("fildes":1)", "6");
  Diff d =
      diff_logs(parse_strace_log(strace_text), sctrace_log(sctrace_text), 5);
  EXPECT_EQ(d.argument_mismatches, 30u);
  EXPECT_EQ(d.return_mismatches, 1u);
  ASSERT_EQ(d.examples.size(), 5u);
  // The one dup disagreement makes it in before the 29 other closes.
  EXPECT_EQ(d.examples[0].syscall, "close");
  EXPECT_EQ(d.examples[1].syscall, "dup");
  ASSERT_EQ(d.by_kind.size(), 2u);
  EXPECT_EQ(d.by_kind[0].syscall, "close");
  EXPECT_EQ(d.by_kind[0].count, 30u);
}

TEST(Diff, child_returns_from_fork_are_not_calls) {
  StraceLog s = parse_strace_log("1 1.0 clone(child_stack=NULL, "
                                 "flags=SIGCHLD) = 2\n"
                                 "2 1.1 getppid() = 1\n");
  SctraceLog c = sctrace_log(
      event(5, "000000001", "clone", R"("clone_flags":"SIGCHLD")", "6") +
      event(6, "000000002", "clone",
            R"("extraction_errors":["args_unavailable"])", "0", "null",
            R"("started_before_trace")") +
      event(6, "000000003", "getppid", "", "5"));
  Diff d = diff_logs(s, c);
  EXPECT_TRUE(d.match());
  EXPECT_EQ(d.sctrace_started_before_trace, 1u);
  EXPECT_EQ(d.paired_threads, 2u);
  EXPECT_EQ(d.paired_calls, 2u);
}

TEST(DiffRecorded, fork_pair) {
  auto s = read_strace_log(std::string(SCTRACE_TEST_DATA) +
                           "/compare/fork_pair.strace");
  auto c = read_sctrace_jsonl(std::string(SCTRACE_TEST_DATA) +
                              "/compare/fork_pair.jsonl");
  ASSERT_TRUE(s.ok() && c.ok());
  Diff d = diff_logs(*s, *c);
  EXPECT_EQ(d.strace_threads, 3u);
  EXPECT_EQ(d.sctrace_threads, 3u);
  EXPECT_EQ(d.paired_threads, 3u);
  EXPECT_EQ(d.ambiguous_threads, 0u);
  EXPECT_EQ(d.sctrace_started_before_trace, 2u);
  // The two disagreements in counts: sctrace names rt_sigreturn
  // "syscall_-1" (the kernel sets orig_ax to -1 in rt_sigreturn).
  auto m = by_name(d);
  EXPECT_EQ(d.count_mismatches, 2u);
  EXPECT_EQ(m["rt_sigreturn"].strace, 2u);
  EXPECT_EQ(m["rt_sigreturn"].sctrace, 0u);
  EXPECT_EQ(m["syscall_-1"].sctrace, 2u);
  EXPECT_EQ(d.paired_calls + 2, d.strace_calls);
  // Every return value that differs is an fd one higher under sctrace:
  // its -o file is fd 3 in the traced command.
  EXPECT_GT(d.return_mismatches, 0u);
  for (const auto& k : d.by_kind)
    if (k.kind == "return") {
      EXPECT_EQ(k.syscall, "openat");
    }
  for (const auto& e : d.examples)
    if (e.kind == "return") {
      EXPECT_EQ(e.detail, "strace: 3, sctrace: 4");
    }
}

} // namespace
} // namespace sctrace::compare
