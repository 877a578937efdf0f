// strace's signal and exit lines (modes/syscalls/process_text.h) and their
// JSON events (process_event.schema.json's shape).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "modes/syscalls/output.h"
#include "modes/syscalls/process_text.h"

namespace sctrace::syscalls {
namespace {

SignalInfo sigchld(int code, std::int64_t status) {
  SignalInfo s;
  s.signo = 17;
  s.code = code;
  s.sender_known = true;
  s.pid = 42;
  s.uid = 0;
  s.status = status;
  s.utime = 1;
  s.stime = 2;
  return s;
}

TEST(ProcessText, sigchld_lines_are_stracess) {
  std::string out;
  append_signal_text(out, sigchld(1, 3 << 8));
  EXPECT_EQ(out, "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, "
                 "si_pid=42, si_uid=0, si_status=3, si_utime=1, "
                 "si_stime=2} ---");
  out.clear();
  append_signal_text(out, sigchld(2, 9));
  EXPECT_EQ(out, "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, "
                 "si_pid=42, si_uid=0, si_status=SIGKILL, si_utime=1, "
                 "si_stime=2} ---");
}

TEST(ProcessText, user_signals_have_the_sender_when_seen) {
  SignalInfo s;
  s.signo = 10;
  s.code = 0;
  s.sender_known = true;
  s.pid = 7;
  std::string out;
  append_signal_text(out, s);
  EXPECT_EQ(out, "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=7, "
                 "si_uid=0} ---");
  s.sender_known = false;
  s.code = -6;
  out.clear();
  append_signal_text(out, s);
  EXPECT_EQ(out, "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL} ---");
}

TEST(ProcessText, exits_and_kills) {
  std::string out;
  append_exit_text(out, 5 << 8);
  EXPECT_EQ(out, "+++ exited with 5 +++");
  out.clear();
  append_exit_text(out, 9);
  EXPECT_EQ(out, "+++ killed by SIGKILL +++");
  out.clear();
  append_exit_text(out, 11 | 0x80);
  EXPECT_EQ(out, "+++ killed by SIGSEGV (core dumped) +++");
}

TEST(ProcessText, json_events_have_their_own_type) {
  SyscallEvent e;
  e.kind = EventKind::Exit;
  e.timestamp_ns = 1'763'790'000'123'456'789ULL;
  e.pid = e.tid = 42;
  e.comm = "x";
  e.exit_code = 9;
  std::string out;
  append_event_json(out, e);
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["type"], "exit");
  EXPECT_EQ(j["exit"], (nlohmann::json{{"code", nullptr},
                                       {"signal", "SIGKILL"},
                                       {"core_dumped", false}}));
  EXPECT_FALSE(j.contains("syscall"));
  e.kind = EventKind::Signal;
  e.signal = sigchld(1, 0);
  out.clear();
  append_event_json(out, e);
  j = nlohmann::json::parse(out);
  EXPECT_EQ(j["type"], "signal");
  EXPECT_EQ(j["signal"]["name"], "SIGCHLD");
  EXPECT_EQ(j["signal"]["si_code"], "CLD_EXITED");
  EXPECT_EQ(j["signal"]["si_pid"], 42);
}

// CSV: with process events the header and every row end with `type`; a
// signal or exit row carries strace's line as args. Without, no column.
TEST(ProcessText, csv_rows_have_a_type_column_only_when_asked) {
  std::ostringstream with, without;
  std::ostringstream notes;
  auto typed = make_syscall_writer("csv", with, notes, {}, true);
  auto plain = make_syscall_writer("csv", without, notes, {}, false);
  ASSERT_TRUE(typed.ok() && plain.ok());
  SyscallEvent call;
  call.syscall = "getppid";
  call.pid = call.tid = 42;
  call.comm = "x";
  call.return_value = 1;
  SyscallEvent exit = call;
  exit.kind = EventKind::Exit;
  exit.exit_code = 3 << 8;
  for (auto* w : {typed->get(), plain->get()})
    w->event(call);
  (*typed)->event(exit);
  std::vector<std::string> rows;
  std::istringstream in(with.str());
  for (std::string row; std::getline(in, row);)
    rows.push_back(row);
  ASSERT_EQ(rows.size(), 3u) << with.str();
  EXPECT_TRUE(rows[0].ends_with(",extraction_errors,type")) << rows[0];
  EXPECT_TRUE(rows[1].ends_with(",syscall")) << rows[1];
  EXPECT_NE(rows[2].find(",+++ exited with 3 +++,"), std::string::npos)
      << rows[2];
  EXPECT_TRUE(rows[2].ends_with(",exit")) << rows[2];
  EXPECT_TRUE(without.str().starts_with(
      "timestamp,pid,tid,comm,syscall,args,return_value,errno,error_name,"
      "duration_ns,unfinished,extraction_errors\n"))
      << without.str();
  EXPECT_EQ(without.str().find(",syscall\n"), std::string::npos);
}

} // namespace
} // namespace sctrace::syscalls
