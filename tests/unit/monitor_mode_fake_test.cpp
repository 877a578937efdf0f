// MonitorMode on the fake bpftrace (tests/testprogs/fake_bpftrace.cpp),
// which replays output recorded from bpftrace 0.17 running the monitor
// program: the session's parser hands the mode the printed maps and the
// slow-call events, and the mode's hooks get a KernelSnapshot per
// @sctrace_snapshot and a SlowCall per event, in output order.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "engine/mode.h"
#include "engine_fake.h"
#include "modes/monitor/monitor_mode.h"

namespace sctrace::monitor {
namespace {

using engine::testing::FakeBpftrace;

// Recorded (bash in a loop, -p, 1 ms threshold), then one more snapshot.
const char* const kScript = R"(attach 7
line {"type": "map", "data": {"@sctrace_full": 0}}
line {"type": "map", "data": {"@sctrace_snapshot": 1235809834196}}
line {"type": "value", "data": [0,1,1236014038171,22570,22570,1,"bash",61,1343648,23566,4294967295]}
line {"type": "map", "data": {"@sctrace_calls": {"56": 4, "-1": 4, "16": 4, "61": 8, "13": 12, "14": 32}}}
line {"type": "map", "data": {"@sctrace_errno": {"61,10": 4, "16,25": 4}}}
line {"type": "map", "data": {"@sctrace_total": {"-1": 11568, "16": 21372, "13": 21782, "14": 38128, "56": 467124, "61": 317011149}}}
line {"type": "hist", "data": {"@sctrace_hist": {"61": [{"min": 1048576, "max": 2097151, "count": 2}, {"min": 268435456, "max": 536870911, "count": 1}]}}}
line {"type": "map", "data": {"@sctrace_slow": {"61": 3}}}
line {"type": "map", "data": {"@sctrace_full": 0}}
line {"type": "map", "data": {"@sctrace_comm": {"bash,16": 4, "bash,-1": 4, "bash,56": 4, "bash,61": 8, "bash,13": 12, "bash,14": 32}}}
line {"type": "map", "data": {"@sctrace_snapshot": 1236332277386}}
exit 0
)";

TEST(MonitorModeFake, replayed_output_becomes_snapshots_and_slow_calls) {
  FakeBpftrace fake(kScript);
  std::vector<KernelSnapshot> snapshots;
  std::vector<SlowCall> slow;
  MonitorHooks hooks;
  hooks.snapshot = [&](const KernelSnapshot& k) { snapshots.push_back(k); };
  hooks.slow = [&](SlowCall c) { slow.push_back(std::move(c)); };
  gen::MonitorProgramOptions p;
  p.default_threshold_ns = 1'000'000;
  p.by_comm = true;
  MonitorMode mode(p, false, hooks);
  engine::SessionOptions o;
  o.stop_grace_seconds = 1;
  auto r = engine::run_mode(mode, o, fake.environment(), fake.dependencies());
  EXPECT_TRUE(mode.reported());
  // The program the fake got is the monitor's.
  EXPECT_NE(fake.program().find("print(@sctrace_calls);"), std::string::npos);
  ASSERT_EQ(snapshots.size(), 2u);
  EXPECT_TRUE(snapshots[0].syscalls.empty());
  const KernelSnapshot& k = snapshots[1];
  EXPECT_EQ(k.syscalls.at("wait4").calls, 8u);
  EXPECT_EQ(k.syscalls.at("wait4").errnos.at(10), 4u); // ECHILD
  EXPECT_EQ(k.syscalls.at("wait4").slow, 3u);
  EXPECT_EQ(k.syscalls.at("wait4").buckets[21], 2u);
  EXPECT_EQ(k.syscalls.at("wait4").buckets[29], 1u);
  EXPECT_EQ(k.syscalls.at("ioctl").errnos.at(25), 4u); // ENOTTY
  EXPECT_EQ(k.syscalls.at("rt_sigreturn").calls, 4u);
  EXPECT_EQ(k.by_comm.at("bash").at("rt_sigprocmask"), 32u);
  ASSERT_EQ(slow.size(), 1u);
  EXPECT_EQ(slow[0].syscall, "wait4");
  EXPECT_EQ(slow[0].pid, 22570u);
  EXPECT_EQ(slow[0].comm, "bash");
  EXPECT_EQ(slow[0].duration_ns, 1343648u);
  EXPECT_EQ(slow[0].ret, 23566);
  EXPECT_EQ(slow[0].fd, -1); // wait4's first argument is a pid
  EXPECT_EQ(r.summary.events_dropped, 0u);
}

// Two slow reads (syscall 0, first argument an fd) by this process of an
// fd it holds open, on CPU 1 in sequence.
std::string slow_reads_script(int fd) {
  const std::string pid = std::to_string(::getpid());
  std::string script = "attach 7\n";
  for (int seq : {1, 2})
    script += "line {\"type\": \"value\", \"data\": [0," + std::to_string(seq) +
              ",1236014038171," + pid + "," + pid +
              ",1,\"reader\",0,2000000,0," + std::to_string(fd) + "]}\n";
  return script + "exit 0\n";
}

// The fd path is read only for a call the receiver has room for; the
// others still reach the slow hook (to be counted as dropped).
TEST(MonitorModeFake, fd_path_is_read_only_when_there_is_room) {
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  FakeBpftrace fake(slow_reads_script(fd));
  std::vector<SlowCall> slow;
  int asked = 0;
  MonitorHooks hooks;
  hooks.slow = [&](SlowCall c) { slow.push_back(std::move(c)); };
  hooks.slow_room = [&] { return ++asked == 1; }; // room for one
  gen::MonitorProgramOptions p;
  p.default_threshold_ns = 1'000'000;
  MonitorMode mode(p, false, hooks);
  engine::SessionOptions o;
  o.stop_grace_seconds = 1;
  auto r = engine::run_mode(mode, o, fake.environment(), fake.dependencies());
  ::close(fd);
  EXPECT_EQ(asked, 2);
  ASSERT_EQ(slow.size(), 2u);
  EXPECT_EQ(slow[0].syscall, "read");
  EXPECT_EQ(slow[0].fd, fd);
  EXPECT_EQ(slow[0].fd_path, "/dev/null");
  EXPECT_EQ(slow[1].fd, fd);
  EXPECT_EQ(slow[1].fd_path, "");
  EXPECT_EQ(r.summary.events_dropped, 0u);
}

} // namespace
} // namespace sctrace::monitor
