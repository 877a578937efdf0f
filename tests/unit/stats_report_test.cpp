// make_report, estimate_percentile and parse_sort_key: rows, rates,
// sorting, -T and per-process rows, with percentiles worked out by hand
// from the bucket bounds.
#include <gtest/gtest.h>

#include "stats/report.h"

namespace sctrace::stats {
namespace {

SyscallStats counted(std::uint64_t count, std::uint64_t errors = 0) {
  SyscallStats s;
  s.count = count;
  s.errors = errors;
  return s;
}

TEST(StatsReport, rows_rates_totals_and_names) {
  Snapshot d;
  d.syscalls[0] = counted(100, 0);
  d.syscalls[257] = counted(30, 16);
  d.syscalls[9999] = counted(1, 0);
  Report r = make_report(d, 2.0, {});
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].name, "read");
  EXPECT_DOUBLE_EQ(r.rows[0].rate, 50.0);
  EXPECT_EQ(r.rows[1].name, "openat");
  EXPECT_EQ(r.rows[2].name, "syscall_9999"); // not in the table
  EXPECT_EQ(r.total_count, 131u);
  EXPECT_EQ(r.total_errors, 16u);
  EXPECT_EQ(r.syscalls_seen, 3u);
}

TEST(StatsReport, sort_keys_and_top) {
  Snapshot d;
  d.syscalls[0] = counted(100, 0); // read
  d.syscalls[1] = counted(50, 9);  // write
  d.syscalls[2] = counted(70, 1);  // open
  auto names = [](const Report& r) {
    std::vector<std::string> n;
    for (const auto& row : r.rows)
      n.push_back(row.name);
    return n;
  };
  EXPECT_EQ(names(make_report(d, 1, {SortKey::Count, 0})),
            (std::vector<std::string>{"read", "open", "write"}));
  EXPECT_EQ(names(make_report(d, 1, {SortKey::Errors, 0})),
            (std::vector<std::string>{"write", "open", "read"}));
  EXPECT_EQ(names(make_report(d, 1, {SortKey::Name, 0})),
            (std::vector<std::string>{"open", "read", "write"}));
  Report top = make_report(d, 1, {SortKey::Count, 2});
  EXPECT_EQ(names(top), (std::vector<std::string>{"read", "open"}));
  EXPECT_EQ(top.syscalls_seen, 3u);
  EXPECT_EQ(top.total_count, 220u); // totals cover every row, not the top
}

TEST(StatsReport, parse_sort_key_depends_on_the_tool) {
  EXPECT_EQ(*parse_sort_key("rate", false), SortKey::Rate);
  EXPECT_FALSE(parse_sort_key("rate", true).ok());
  EXPECT_EQ(*parse_sort_key("p99", true), SortKey::P99);
  EXPECT_FALSE(parse_sort_key("p99", false).ok());
  auto bad = parse_sort_key("speed", false);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("count, rate, errors or name"),
            std::string::npos);
}

TEST(StatsReport, percentiles_fall_in_the_right_bucket) {
  SyscallStats s;
  // 2 calls in [16384, 32768) us and 1 in [131072, 262144) us.
  s.buckets.assign(19, 0);
  s.buckets[15] = 2;
  s.buckets[18] = 1;
  s.count = 3;
  s.min_ns = 20'100'000;
  s.max_ns = 150'200'000;
  // p50: rank 2 of 3, the second call of bucket 15: between the observed
  // min (20.1ms, above the bucket's 16.384ms) and the bucket's top.
  auto p50 = estimate_percentile(s, 0.5);
  EXPECT_GE(p50, 20'100'000u);
  EXPECT_LT(p50, 32'768'000u);
  // p99: rank 3, the call in bucket 18: between 131.072ms and the max.
  auto p99 = estimate_percentile(s, 0.99);
  EXPECT_GE(p99, 131'072'000u);
  EXPECT_LE(p99, 150'200'001u);
  // No calls: 0.
  EXPECT_EQ(estimate_percentile(SyscallStats{}, 0.5), 0u);
}

TEST(StatsReport, single_call_percentile_is_mid_bucket_within_min_max) {
  SyscallStats s;
  s.buckets.assign(11, 0);
  s.buckets[10] = 1; // [512, 1024) us
  s.count = 1;
  s.min_ns = s.max_ns = 700'000;
  // Within [min, max + 1): the one observed value.
  auto p = estimate_percentile(s, 0.5);
  EXPECT_GE(p, 700'000u);
  EXPECT_LE(p, 700'001u);
}

TEST(StatsReport, per_process_rows_merge_comms_and_sum_to_the_total) {
  Snapshot d;
  d.processes[{10, "sh", 59}] = counted(1);    // execve, before exec
  d.processes[{10, "ls", 0}] = counted(5);     // read, after
  d.processes[{10, "ls", 59}] = counted(0, 0); // nothing
  d.processes[{20, "cat", 0}] = counted(2, 1);
  Report r = make_report(d, 1.0, {});
  ASSERT_EQ(r.processes.size(), 2u);
  EXPECT_EQ(r.processes[0].pid, 10u);
  EXPECT_EQ(r.processes[0].comm, "ls"); // the comm with most calls
  EXPECT_EQ(r.processes[0].count, 6u);
  ASSERT_EQ(r.processes[0].syscalls.size(), 2u);
  EXPECT_EQ(r.processes[0].syscalls[0].name, "read");
  EXPECT_EQ(r.processes[1].errors, 1u);
  // The per-syscall rows are the processes' sums.
  EXPECT_EQ(r.total_count, 8u);
  EXPECT_EQ(r.total_errors, 1u);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].name, "read");
  EXPECT_EQ(r.rows[0].stats.count, 7u);
}

} // namespace
} // namespace sctrace::stats
