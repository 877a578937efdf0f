// --comm with a prefix glob ('NAME*'), matched in the kernel: processes
// whose names start with NAME are traced with exact counts, others not;
// globs the kernel cannot test are refused (before, every glob silently
// traced nothing).
#include "commanded_live_util.h"

namespace sctrace::live {
namespace {

TEST(LiveSyscallsCommGlob, prefix_glob_traces_every_name_it_starts) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  const std::string base = "scg" + std::to_string(::getpid() % 100000);
  sc::CommandedTrace a(base + "a1");
  sc::Child b({workload_bin(), "named_commands", base + "a2"});
  sc::Child c({workload_bin(), "named_commands", base + "b1"});
  a.start({"--comm", base + "a*", "-e", "trace=nanosleep,getppid", "-d", "6"});
  ASSERT_TRUE(a.live()) << "the trace never saw " << base << "a1";
  ASSERT_TRUE(a.command("getppid 3"));
  for (auto [child, n] : {std::pair{&b, 4}, std::pair{&c, 5}}) {
    ASSERT_TRUE(child->send("getppid " + std::to_string(n) + "\n"));
    ASSERT_EQ(child->read_line(30000), "ok");
  }
  auto r = a.end();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = a.output();
  ASSERT_EQ(o.summary["tool_stats"]["events_dropped"], 0);
  std::map<int, int> getppid; // pid -> calls
  for (const auto& e : o.events) {
    const int pid = e["pid"];
    EXPECT_TRUE(pid == a.pid() || pid == b.pid()) << "not matched: " << e;
    EXPECT_TRUE(e["comm"].get<std::string>().starts_with(base + "a")) << e;
    if (e["syscall"] == "getppid")
      ++getppid[pid];
  }
  EXPECT_EQ(getppid[a.pid()], 3);
  EXPECT_EQ(getppid[b.pid()], 4);
  EXPECT_EQ(getppid.count(c.pid()), 0u);
}

TEST(LiveSyscallsCommGlob, globs_the_kernel_cannot_test_are_refused) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  for (const char* glob : {"ng?nx", "*nx", "ng*nx"}) {
    auto r = sctrace({"syscalls", "--comm", glob, "-d", "1"}, 30);
    EXPECT_EQ(r.exit_code, 2) << glob;
    EXPECT_NE(r.err.find("prefix ending in one '*'"), std::string::npos)
        << r.err;
  }
}

} // namespace
} // namespace sctrace::live
