// strace's signal and exit lines (modes/syscalls/process_text.h) and their
// JSON events (process_event.schema.json's shape).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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

} // namespace
} // namespace sctrace::syscalls
