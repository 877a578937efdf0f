// Seed 000's command line on `sctrace syscalls`: --target WORD (a pid, a
// container or a process name) and --syscalls LIST (-e trace=LIST), and
// its error.message form ("ENOENT: No such file or directory"), on a
// process the test drives (commanded_live_util.h).
#include "commanded_live_util.h"

namespace sctrace::live {
namespace {

// getppid calls of PID among EVENTS; every event must be PID's and one of
// nanosleep (the heartbeat), openat and getppid.
int getppid_calls_of(int pid, const std::vector<nlohmann::json>& events) {
  int n = 0;
  for (const auto& e : events) {
    EXPECT_EQ(e["pid"], pid) << "not the target: " << e;
    EXPECT_TRUE(e["syscall"] == "nanosleep" || e["syscall"] == "openat" ||
                e["syscall"] == "getppid")
        << e;
    n += e["syscall"] == "getppid";
  }
  return n;
}

TEST(LiveSyscallsSeedCli, target_word_that_is_a_process_name_traces_it_only) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  const std::string name = sc::unique_comm("sctw");
  sc::CommandedTrace t(name);
  sc::Child other({workload_bin(), "named_commands", sc::unique_comm("scto")});
  t.start({"--target=" + name, "--syscalls=nanosleep,getppid", "-d", "6"});
  ASSERT_TRUE(t.live()) << "the trace never saw the process";
  ASSERT_TRUE(t.command("getppid 7"));
  ASSERT_TRUE(other.send("getppid 5\n"));
  ASSERT_EQ(other.read_line(30000), "ok");
  auto r = t.end();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = t.output();
  ASSERT_EQ(o.summary["tool_stats"]["events_dropped"], 0);
  EXPECT_EQ(getppid_calls_of(t.pid(), o.events), 7);
}

TEST(LiveSyscallsSeedCli, target_word_that_is_a_number_is_a_pid) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  sc::CommandedTrace t(sc::unique_comm("sctp"));
  // No -d: a pid target ends when the process does.
  t.start({"--target", std::to_string(t.pid()), "--syscalls",
           "nanosleep,getppid,openat"});
  ASSERT_TRUE(t.live()) << "the trace never saw the process";
  ASSERT_TRUE(t.command("getppid 5"));
  ASSERT_TRUE(t.command("enoent 2"));
  auto r = t.end();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = t.output();
  EXPECT_EQ(o.summary["stop_reason"], "target_exited");
  ASSERT_EQ(o.summary["tool_stats"]["events_dropped"], 0);
  EXPECT_EQ(getppid_calls_of(t.pid(), o.events), 5);
  // Two openat calls failed with ENOENT: seed 000's message form.
  int failed = 0;
  for (const auto& e : o.events)
    if (e["syscall"] == "openat") {
      ++failed;
      EXPECT_EQ(e["args"]["filename"], sc::kEnoentPath);
      EXPECT_EQ(e["error"]["errno"], 2);
      EXPECT_EQ(e["error"]["name"], "ENOENT");
      EXPECT_EQ(e["error"]["message"], "ENOENT: No such file or directory");
    }
  EXPECT_EQ(failed, 2);
}

TEST(LiveSyscallsSeedCli, target_word_and_target_option_together_fail) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  auto r = sctrace({"syscalls", "--target", "nginx", "-p", "1"}, 30);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--target and -p both given"), std::string::npos)
      << r.err;
}

} // namespace
} // namespace sctrace::live
