// `sctrace syscalls` under load: a process making 300 000 syscalls as fast
// as it can (over 300 000 per second untraced). Every call arrives or is
// counted as dropped, exactly. Whether none is dropped depends on how fast
// this machine's bpftrace drains the kernel buffers, so that is a
// benchmark's number (tests/bench), not a pass/fail condition here: on the
// CI machine of 2026-12-02 both this and the previous build dropped
// 16 000-160 000 of the 300 000 on an idle machine.
#include <gtest/gtest.h>

#include <iostream>

#include "live_util.h"

namespace sctrace::live {
namespace {

TEST(LiveSyscallsThroughput,
     every_call_of_a_300000_call_burst_arrives_or_is_counted_dropped) {
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
  ASSERT_EQ(stats["loss_exact"], true) << o.summary;
  std::uint64_t dropped = stats["events_dropped"];
  // The dropped events are the burst's getppids and at most the few
  // syscalls the workload makes around it (under 200: its start-up).
  const std::uint64_t others = o.events.size() - getppid;
  EXPECT_GE(getppid + dropped, 300000u) << r.err;
  EXPECT_LE(getppid + dropped, 300000u + 200u - others) << r.err;
  EXPECT_LE(getppid, 300000u);
  EXPECT_EQ(o.summary["total_events"].get<std::uint64_t>(), o.events.size());
  EXPECT_EQ(stats["drained"], true);
  for (const auto& row : o.summary["per_syscall"])
    if (row["syscall"] == "getppid")
      EXPECT_EQ(row["count"], getppid);
  std::cout << "300000 getppid calls: " << getppid << " events, " << dropped
            << " dropped, " << o.summary["syscalls_per_second"]
            << " syscalls/s traced, sctrace+bpftrace CPU "
            << stats["cpu_overhead_percent"] << "%\n";
}

} // namespace
} // namespace sctrace::live
