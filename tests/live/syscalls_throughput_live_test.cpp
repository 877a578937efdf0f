// `sctrace syscalls` under load: a process making 300 000 syscalls as fast
// as it can (over 300 000 per second untraced) is traced without loss, and
// any loss would be counted exactly.
#include <gtest/gtest.h>

#include <iostream>

#include "live_util.h"

namespace sctrace::live {
namespace {

TEST(LiveSyscallsThroughput, every_call_of_a_300000_call_burst_arrives) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  std::string out = dir.file("events.jsonl");
  auto r = sctrace({"syscalls", "--format", "jsonl", "-o", out, "--",
                    workload_bin(), "burst", "300000"},
                   300);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  std::uint64_t getppid = 0;
  for (const auto& e : o.events)
    if (e["syscall"] == "getppid") {
      ++getppid;
      ASSERT_FALSE(e["return_value"].is_null());
    }
  const auto& stats = o.summary["tool_stats"];
  std::uint64_t dropped = stats["events_dropped"];
  EXPECT_EQ(dropped, 0u) << r.err;
  EXPECT_EQ(getppid, 300000u);
  EXPECT_EQ(o.summary["total_events"].get<std::uint64_t>(), o.events.size());
  EXPECT_EQ(stats["drained"], true);
  for (const auto& row : o.summary["per_syscall"])
    if (row["syscall"] == "getppid")
      EXPECT_EQ(row["count"], 300000);
  std::cout << "300000 getppid calls: " << getppid << " events, " << dropped
            << " dropped, " << o.summary["syscalls_per_second"]
            << " syscalls/s traced, sctrace+bpftrace CPU "
            << stats["cpu_overhead_percent"] << "%\n";
}

} // namespace
} // namespace sctrace::live
