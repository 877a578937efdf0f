// -p follows the children its processes fork once the trace runs, as
// strace -f -p does; --no-follow traces the -p processes only. The
// process, once the trace is live, forks a child that makes 6 getppid
// calls (workload "fork 6"), and makes 2 of its own.
#include "commanded_live_util.h"

namespace sctrace::live {
namespace {

struct ForkRun {
  int parent = 0;
  std::map<int, int> getppid;            // pid -> calls
  std::map<int, std::set<long>> returns; // pid -> getppid's return values
};

ForkRun fork_run(const std::vector<std::string>& extra) {
  ForkRun run;
  sc::CommandedTrace t(sc::unique_comm("sctf"));
  run.parent = t.pid();
  t.start(sc::concat(
      {"-p", std::to_string(t.pid()), "-e", "trace=nanosleep,getppid"}, extra));
  EXPECT_TRUE(t.live()) << "the trace never saw the process";
  EXPECT_TRUE(t.command("fork 6"));
  EXPECT_TRUE(t.command("getppid 2"));
  auto r = t.end();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto o = t.output();
  EXPECT_EQ(o.summary["tool_stats"]["events_dropped"], 0);
  EXPECT_EQ(o.summary["stop_reason"], "target_exited");
  for (const auto& e : o.events)
    if (e["syscall"] == "getppid") {
      const int pid = e["pid"];
      ++run.getppid[pid];
      run.returns[pid].insert(e["return_value"].get<long>());
    }
  return run;
}

TEST(LiveSyscallsFollow, p_follows_a_child_forked_during_the_trace) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  ForkRun run = fork_run({});
  ASSERT_EQ(run.getppid.size(), 2u) << "the parent and its child";
  EXPECT_EQ(run.getppid[run.parent], 2);
  for (const auto& [pid, n] : run.getppid)
    if (pid != run.parent) {
      EXPECT_EQ(n, 6) << "child " << pid;
      // The child's parent is the -p process.
      EXPECT_EQ(run.returns[pid], std::set<long>{run.parent});
    }
}

TEST(LiveSyscallsFollow, no_follow_traces_the_p_processes_only) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  ForkRun run = fork_run({"--no-follow"});
  ASSERT_EQ(run.getppid.size(), 1u) << "the parent only";
  EXPECT_EQ(run.getppid[run.parent], 2);
}

TEST(LiveSyscallsFollow, no_follow_without_p_is_refused) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  auto r = sctrace({"syscalls", "--no-follow", "--", "/bin/true"}, 60);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--no-follow applies to -p only"), std::string::npos)
      << r.err;
}

} // namespace
} // namespace sctrace::live
