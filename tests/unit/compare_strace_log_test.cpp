#include "modes/compare/strace_log.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "modes/compare/strace_args.h"

namespace sctrace::compare {
namespace {

using Kind = StraceReturn::Kind;

std::string data(const std::string& name) {
  return std::string(SCTRACE_TEST_DATA) + "/compare/" + name;
}

StraceLog recorded(const std::string& name) {
  auto log = read_strace_log(data(name));
  EXPECT_TRUE(log.ok()) << log.error().message;
  return log.ok() ? *log : StraceLog{};
}

std::map<std::string, int> counts(const StraceLog& log) {
  std::map<std::string, int> m;
  for (const auto& c : log.calls)
    ++m[c.syscall];
  return m;
}

TEST(StraceLog, parses_a_complete_line) {
  auto log = parse_strace_log(
      "1234 1700000000.123456 openat(AT_FDCWD, \"/etc/x\", O_RDONLY) = 3 "
      "<0.000010>\n");
  ASSERT_EQ(log.calls.size(), 1u);
  const auto& c = log.calls[0];
  EXPECT_EQ(c.tid, 1234u);
  EXPECT_EQ(c.time_us, 1700000000123456);
  EXPECT_EQ(c.line, 1u);
  EXPECT_EQ(c.syscall, "openat");
  EXPECT_EQ(c.args_text, "AT_FDCWD, \"/etc/x\", O_RDONLY");
  EXPECT_EQ(c.args.size(), 3u);
  ASSERT_TRUE(c.ret);
  EXPECT_EQ(c.ret->kind, Kind::Value);
  EXPECT_EQ(c.ret->value, 3);
  EXPECT_EQ(c.ret->text, "3");
  ASSERT_TRUE(c.duration_s);
  EXPECT_DOUBLE_EQ(*c.duration_s, 0.00001);
  EXPECT_EQ(strace_call_text(c), "openat(AT_FDCWD, \"/etc/x\", O_RDONLY) = 3");
}

TEST(StraceLog, parses_returns) {
  auto r = parse_strace_return("-1 ENOENT (No such file or directory)");
  EXPECT_EQ(r.kind, Kind::Error);
  EXPECT_EQ(r.error, "ENOENT");
  r = parse_strace_return("?");
  EXPECT_EQ(r.kind, Kind::Unknown);
  EXPECT_EQ(r.error, "");
  r = parse_strace_return("? ERESTARTSYS (To be restarted if SA_RESTART is "
                          "set)");
  EXPECT_EQ(r.kind, Kind::Unknown);
  EXPECT_EQ(r.error, "ERESTARTSYS");
  r = parse_strace_return("0x7f2a3c000000");
  EXPECT_EQ(r.kind, Kind::Value);
  EXPECT_TRUE(r.hex);
  EXPECT_EQ(r.value, 0x7f2a3c000000);
  r = parse_strace_return("0x8002 (flags O_RDWR|O_LARGEFILE)");
  EXPECT_EQ(r.value, 0x8002);
  r = parse_strace_return("1 ([{fd=3, revents=POLLIN}])");
  EXPECT_EQ(r.kind, Kind::Value);
  EXPECT_EQ(r.value, 1);
  r = parse_strace_return("-1 (errno 41)");
  EXPECT_EQ(r.kind, Kind::Error);
  EXPECT_EQ(r.errno_number, 41);
  r = parse_strace_return("-1");
  EXPECT_EQ(r.kind, Kind::Value);
  EXPECT_EQ(r.value, -1);
}

TEST(StraceLog, joins_unfinished_and_resumed_calls_at_the_entry) {
  auto log = parse_strace_log(
      "10 1.000001 rt_sigprocmask(SIG_SETMASK, [],  <unfinished ...>\n"
      "11 1.000002 vfork( <unfinished ...>\n"
      "10 1.000003 <... rt_sigprocmask resumed>~[KILL STOP], 8) = 0 "
      "<0.000048>\n"
      "11 1.000004 <... vfork resumed>) = 12 <0.007262>\n");
  ASSERT_EQ(log.calls.size(), 2u);
  EXPECT_EQ(log.malformed, 0u);
  EXPECT_EQ(log.calls[0].syscall, "rt_sigprocmask");
  EXPECT_EQ(log.calls[0].time_us, 1000001);
  EXPECT_EQ(log.calls[0].args_text, "SIG_SETMASK, [], ~[KILL STOP], 8");
  EXPECT_EQ(log.calls[0].args.size(), 4u);
  EXPECT_EQ(log.calls[0].ret->value, 0);
  EXPECT_EQ(log.calls[1].syscall, "vfork");
  EXPECT_TRUE(log.calls[1].args.empty());
  EXPECT_EQ(log.calls[1].ret->value, 12);
}

TEST(StraceLog, keeps_a_call_never_resumed_without_return) {
  auto log = parse_strace_log("5 1.0 read(3,  <unfinished ...>\n"
                              "5 1.1 +++ killed by SIGKILL +++\n");
  ASSERT_EQ(log.calls.size(), 1u);
  EXPECT_FALSE(log.calls[0].ret);
  EXPECT_EQ(log.calls[0].args_text, "3");
  EXPECT_EQ(strace_call_text(log.calls[0]), "read(3 <unfinished ...>");
  ASSERT_EQ(log.exits.size(), 1u);
  EXPECT_EQ(log.exits[0].signal, "SIGKILL");
  EXPECT_FALSE(log.exits[0].exit_code);
}

TEST(StraceLog, a_call_killed_while_resumed_has_no_value) {
  auto log = parse_strace_log("5 1.0 wait4(-1,  <unfinished ...>\n"
                              "5 1.1 <... wait4 resumed> <unfinished ...>) "
                              "= ?\n");
  ASSERT_EQ(log.calls.size(), 1u);
  ASSERT_TRUE(log.calls[0].ret);
  EXPECT_EQ(log.calls[0].ret->kind, Kind::Unknown);
  EXPECT_EQ(log.calls[0].args, (std::vector<std::string>{"-1"}));
}

TEST(StraceLog, reads_exits_signals_and_exit_group) {
  auto log = parse_strace_log(
      "7 2.5 exit_group(0)                     = ?\n"
      "7 2.6 +++ exited with 3 +++\n"
      "8 2.7 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---\n"
      "8 2.8 --- stopped by SIGSTOP ---\n");
  ASSERT_EQ(log.calls.size(), 1u);
  EXPECT_EQ(log.calls[0].ret->kind, Kind::Unknown);
  ASSERT_EQ(log.exits.size(), 1u);
  EXPECT_EQ(log.exits[0].exit_code, 3);
  ASSERT_EQ(log.signals.size(), 2u);
  EXPECT_EQ(log.signals[0].signal, "SIGCHLD");
  EXPECT_EQ(log.signals[1].signal, "SIGSTOP");
}

TEST(StraceLog, accepts_lines_without_pid_or_time_and_bracketed_pids) {
  auto log = parse_strace_log("close(3) = 0\n"
                              "[pid  42] 12:34:56.000001 close(4) = 0\n");
  ASSERT_EQ(log.calls.size(), 2u);
  EXPECT_EQ(log.calls[0].tid, 0u);
  EXPECT_EQ(log.calls[0].time_us, 0);
  EXPECT_EQ(log.calls[1].tid, 42u);
  EXPECT_EQ(log.calls[1].time_us, (12 * 3600 + 34 * 60 + 56) * 1000000LL + 1);
}

TEST(StraceLog, counts_malformed_lines_without_failing) {
  auto log = parse_strace_log("strace: Process 5 attached\n"
                              "\n"
                              "5 1.0 <... read resumed>) = 1\n"
                              "5 1.0 close(3) = 0\n");
  EXPECT_EQ(log.calls.size(), 1u);
  EXPECT_EQ(log.malformed, 2u);
  EXPECT_EQ(log.malformed_examples[0], "strace: Process 5 attached");
}

// Issue 12 (fuzz target strace_log): numbers past their type threw
// std::out_of_range (pids, -t clocks) or overflowed (epoch seconds, -2^63).
TEST(StraceLog, numbers_past_their_types_are_malformed_not_exceptions) {
  auto log = parse_strace_log("99999999999999999999 close(3) = 0\n"
                              "[pid 99999999999999999999] close(3) = 0\n"
                              "1 99999999999999999999:00:00 close(3) = 0\n"
                              "1 9999999999999999999.5 close(3) = 0\n"
                              "4294967295 close(3) = -9223372036854775808\n"
                              "1 close(3) = -9223372036854775809\n");
  EXPECT_EQ(log.malformed, 4u);
  ASSERT_EQ(log.calls.size(), 2u);
  EXPECT_EQ(log.calls[0].tid, 4294967295u);
  ASSERT_TRUE(log.calls[0].ret);
  EXPECT_EQ(log.calls[0].ret->value, INT64_MIN);
  ASSERT_TRUE(log.calls[1].ret);
  EXPECT_EQ(log.calls[1].ret->kind, Kind::Unknown);
}

// Issue 12 (fuzz target strace_log): a resumed call whose joined text did
// not parse kept the arguments of a part of it.
TEST(StraceLog, unparsable_resumed_call_keeps_args_matching_its_text) {
  auto log = parse_strace_log("1 read(3, <unfinished ...>\n"
                              "1 <... read resumed>x) y\n");
  EXPECT_EQ(log.malformed, 1u);
  ASSERT_EQ(log.calls.size(), 1u);
  EXPECT_EQ(log.calls[0].args_text, "3,x) y");
  EXPECT_EQ(log.calls[0].args, split_args(log.calls[0].args_text));
}

TEST(StraceLog, reports_a_missing_file) {
  auto log = read_strace_log("/nonexistent/strace.log");
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.error().kind, ErrorKind::Io);
}

TEST(StraceLogRecorded, ls_la_etc_has_every_call_complete) {
  StraceLog log = recorded("ls_la_etc.strace");
  EXPECT_EQ(log.calls.size(), 711u);
  EXPECT_EQ(log.malformed, 0u);
  std::set<std::uint32_t> tids;
  for (const auto& c : log.calls) {
    tids.insert(c.tid);
    ASSERT_TRUE(c.ret) << c.line;
    if (c.syscall != "exit_group") {
      EXPECT_TRUE(c.duration_s) << c.line;
    }
  }
  EXPECT_EQ(tids.size(), 1u);
  auto n = counts(log);
  EXPECT_EQ(n["openat"], 47);
  EXPECT_EQ(n["statx"], 143);
  EXPECT_EQ(n["getxattr"], 211);
  EXPECT_EQ(n["exit_group"], 1);
  // A read buffer is one argument, commas, escapes and "..." included.
  for (const auto& c : log.calls)
    if (c.syscall == "read") {
      EXPECT_EQ(c.args.size(), 3u) << c.args_text;
    }
}

TEST(StraceLogRecorded, failing_open_has_enoent) {
  StraceLog log = recorded("failing_open.strace");
  EXPECT_EQ(log.malformed, 0u);
  const StraceCall* open = nullptr;
  for (const auto& c : log.calls)
    if (c.syscall == "openat" && c.args.size() > 1 &&
        c.args[1] == "\"/nonexistent/file\"")
      open = &c;
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->ret->kind, Kind::Error);
  EXPECT_EQ(open->ret->error, "ENOENT");
  EXPECT_EQ(open->ret->text, "-1 ENOENT (No such file or directory)");
}

TEST(StraceLogRecorded, fork_joins_every_split_call) {
  StraceLog log = recorded("fork.strace");
  EXPECT_EQ(log.malformed, 0u);
  std::vector<std::uint32_t> order;
  for (const auto& c : log.calls) {
    ASSERT_TRUE(c.ret || c.syscall == "exit_group") << c.line;
    EXPECT_EQ(c.args_text.find("unfinished"), std::string::npos) << c.line;
    EXPECT_EQ(c.args_text.find("resumed"), std::string::npos) << c.line;
    if (std::find(order.begin(), order.end(), c.tid) == order.end())
      order.push_back(c.tid);
  }
  ASSERT_EQ(order.size(), 3u);
  // The clone's child (16467) starts after the later vfork's (16468).
  EXPECT_EQ(order, (std::vector<std::uint32_t>{16466, 16468, 16467}));
  auto n = counts(log);
  EXPECT_EQ(n["clone"], 1);
  EXPECT_EQ(n["vfork"], 1);
  EXPECT_EQ(n["exit_group"], 3);
  for (const auto& c : log.calls) {
    if (c.syscall == "clone") {
      EXPECT_EQ(c.args[0], "child_stack=NULL");
      EXPECT_EQ(c.ret->value, 16467);
    }
    if (c.syscall == "vfork") {
      EXPECT_EQ(c.ret->value, 16468);
    }
    // Split mid-argument: "newfstatat(AT_FDCWD, "/x",  <unfinished ...>"
    // then "<... newfstatat resumed>0x7ffc814f2960, 0) = -1 ENOENT".
    if (c.line == 69) {
      EXPECT_EQ(c.syscall, "newfstatat");
      EXPECT_EQ(c.args.size(), 4u);
      EXPECT_EQ(c.args[2], "0x7ffc814f2960");
      EXPECT_EQ(c.ret->error, "ENOENT");
    }
  }
  EXPECT_EQ(log.signals.size(), 2u);
}

TEST(StraceLogRecorded, signals_and_a_killed_shell) {
  StraceLog log = recorded("signals.strace");
  EXPECT_EQ(log.malformed, 0u);
  std::vector<std::string> sigs;
  for (const auto& s : log.signals)
    sigs.push_back(s.signal);
  EXPECT_EQ(sigs, (std::vector<std::string>{"SIGUSR1", "SIGCHLD", "SIGTERM"}));
  ASSERT_EQ(log.exits.size(), 1u);
  EXPECT_EQ(log.exits[0].signal, "SIGTERM");
  bool restart = false;
  for (const auto& c : log.calls)
    if (c.ret && c.ret->kind == Kind::Unknown &&
        c.ret->error == "ERESTARTNOHAND")
      restart = true;
  EXPECT_TRUE(restart);
  EXPECT_GE(counts(log)["rt_sigreturn"], 1);
}

TEST(StraceLogRecorded, hostile_path_keeps_quotes_newlines_and_commas) {
  StraceLog log = recorded("hostile_path.strace");
  EXPECT_EQ(log.malformed, 0u);
  int found = 0;
  for (const auto& c : log.calls) {
    if (c.syscall != "openat" || c.args.size() != 3)
      continue;
    if (c.args[1].find("a\\\"b\\nc,d\\\\e") != std::string::npos) {
      ++found;
      EXPECT_EQ(c.args[2], "O_RDONLY");
      EXPECT_EQ(c.ret->value, 3);
    }
  }
  EXPECT_EQ(found, 1);
  // execve's argv holds both names, as one argument.
  EXPECT_EQ(log.calls[0].syscall, "execve");
  EXPECT_EQ(log.calls[0].args.size(), 3u);
}

TEST(StraceLogRecorded, exit_status_without_qq) {
  StraceLog log = recorded("exit_status.strace");
  EXPECT_EQ(log.malformed, 0u);
  ASSERT_EQ(log.exits.size(), 2u);
  EXPECT_EQ(log.exits[0].exit_code, 0);
  EXPECT_EQ(log.exits[1].exit_code, 3);
  // rt_sigsuspend was split across the child's exit line.
  bool joined = false;
  for (const auto& c : log.calls)
    if (c.syscall == "rt_sigsuspend" && c.ret &&
        c.ret->error == "ERESTARTNOHAND")
      joined = c.args == std::vector<std::string>{"[]", "8"};
  EXPECT_TRUE(joined);
}

} // namespace
} // namespace sctrace::compare
