// make_report, estimate_percentile and parse_sort_key: rows, rates,
// sorting, -T and per-process rows, with percentiles worked out by hand
// from the bucket bounds.
#include <gtest/gtest.h>

#include "modes/stats/report.h"

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

// Issue 12.7: count -P merged rows by pid only, so after pid wrap-around a
// new process was credited with the old one's calls. The start time keeps
// them apart: same pid, same comm, two rows with their own counts.
TEST(StatsReport, reused_pid_is_two_rows_with_their_own_counts) {
  Snapshot d;
  d.processes[{4242, "w", 110, 1'000}] = counted(3);
  d.processes[{4242, "w", 110, 9'000}] = counted(5);
  d.processes[{4242, "w", 0, 9'000}] = counted(1);
  Report r = make_report(d, 1.0, {});
  ASSERT_EQ(r.processes.size(), 2u);
  EXPECT_EQ(r.processes[0].pid, 4242u);
  EXPECT_EQ(r.processes[0].start_ns, 9'000u);
  EXPECT_EQ(r.processes[0].count, 6u);
  EXPECT_EQ(r.processes[0].syscalls.size(), 2u);
  EXPECT_EQ(r.processes[1].pid, 4242u);
  EXPECT_EQ(r.processes[1].start_ns, 1'000u);
  EXPECT_EQ(r.processes[1].count, 3u);
  EXPECT_EQ(r.processes_seen, 2u);
  // Equal counts: the earlier start first.
  d.processes[{4242, "w", 110, 1'000}] = counted(6);
  r = make_report(d, 1.0, {});
  EXPECT_EQ(r.processes[0].start_ns, 1'000u);
}

// The documented estimate: find the bucket holding rank ceil(q * n),
// interpolate linearly inside it taking each of its c calls as the middle
// of a 1/c share, so rank r of c sits at (r - 0.5) / c of the bucket.
TEST(StatsReport, percentile_interpolates_inside_the_bucket) {
  SyscallStats s;
  s.buckets = {0, 4}; // 4 calls in [1000, 2000) ns; min and max unknown
  s.count = 4;
  // q 0.5: rank 2 of 4 -> 1000 + 1000 * 1.5 / 4.
  EXPECT_EQ(estimate_percentile(s, 0.50), 1375u);
  // q 0.9 and 0.99: rank 4 -> 1000 + 1000 * 3.5 / 4.
  EXPECT_EQ(estimate_percentile(s, 0.90), 1875u);
  EXPECT_EQ(estimate_percentile(s, 0.99), 1875u);
  // q 0.25: rank 1 -> 1000 + 1000 * 0.5 / 4.
  EXPECT_EQ(estimate_percentile(s, 0.25), 1125u);
  // Observed min 1200 and max 1599 narrow the bucket to [1200, 1600).
  s.min_ns = 1200;
  s.max_ns = 1599;
  EXPECT_EQ(estimate_percentile(s, 0.50), 1200u + 400u * 3 / 8);
  EXPECT_EQ(estimate_percentile(s, 0.99), 1200u + 400u * 7 / 8);
}

TEST(StatsReport, percentile_skips_lower_buckets_and_empty_ones) {
  SyscallStats s;
  s.buckets = {2, 0, 6}; // 2 in [0, 1us), 6 in [2, 4us)
  s.count = 8;
  // q 0.5: rank 4, the 2nd of bucket 2: 2000 + 2000 * 1.5 / 6.
  EXPECT_EQ(estimate_percentile(s, 0.50), 2500u);
  // q 0.9: rank ceil(7.2) = 8, the 6th: 2000 + 2000 * 5.5 / 6 = 3833.3.
  EXPECT_EQ(estimate_percentile(s, 0.90), 3833u);
  // q 0.1: rank 1, the 1st of bucket 0: 1000 * 0.5 / 2.
  EXPECT_EQ(estimate_percentile(s, 0.10), 250u);
}

TEST(StatsReport, percentiles_never_decrease_with_q_and_stay_in_range) {
  SyscallStats s;
  s.buckets = {3, 1, 0, 0, 7, 2, 0, 9}; // up to [64, 128us)
  s.count = 22;
  s.min_ns = 150;
  s.max_ns = 100'000;
  std::uint64_t last = 0;
  for (int i = 1; i <= 100; ++i) {
    auto p = estimate_percentile(s, i / 100.0);
    EXPECT_GE(p, last) << "q " << i;
    EXPECT_GE(p, s.min_ns) << "q " << i;
    EXPECT_LE(p, s.max_ns) << "q " << i;
    last = p;
  }
}

TEST(StatsReport, latency_rows_get_averages_and_percentiles_count_rows_not) {
  Snapshot d;
  SyscallStats lat;
  lat.buckets = {0, 4};
  lat.count = 4;
  lat.total_ns = 6000;
  d.syscalls[0] = lat;
  d.syscalls[1] = counted(5); // no histogram: a count row
  Report r = make_report(d, 0, {SortKey::Name, 0});
  ASSERT_EQ(r.rows.size(), 2u);
  const Row& read = r.rows[0];
  EXPECT_EQ(read.name, "read");
  EXPECT_EQ(read.avg_ns, 1500u); // 6000 / 4
  EXPECT_EQ(read.p50_ns, 1375u); // as in percentile_interpolates_...
  EXPECT_EQ(read.p99_ns, 1875u);
  EXPECT_DOUBLE_EQ(read.rate, 0.0); // no seconds: no rate, not inf
  EXPECT_EQ(r.total_ns, 6000u);
  const Row& write = r.rows[1];
  EXPECT_EQ(write.avg_ns, 0u);
  EXPECT_EQ(write.p50_ns, 0u);
}

TEST(StatsReport, latency_sort_keys_break_ties_by_name) {
  Snapshot d;
  auto row = [](std::uint64_t count, std::uint64_t total, std::uint64_t max,
                std::size_t bucket) {
    SyscallStats s;
    s.count = count;
    s.total_ns = total;
    s.max_ns = max;
    s.buckets.assign(bucket + 1, 0);
    s.buckets[bucket] = count;
    return s;
  };
  // read: avg 10, max 50; write: avg 3, max 20; close: avg 100, max 200.
  // Buckets put all of a syscall's calls in one bucket, so their p99 order
  // is the bucket order: close (index 5), read (3), write (1).
  d.syscalls[0] = row(10, 100, 50'000, 3);
  d.syscalls[1] = row(100, 300, 1'500, 1);
  d.syscalls[3] = row(3, 300, 200'000, 5);
  auto names = [&](SortKey key) {
    std::vector<std::string> n;
    for (const auto& r : make_report(d, 1, {key, 0}).rows)
      n.push_back(r.name);
    return n;
  };
  using V = std::vector<std::string>;
  // close and write tie on total (300): name order.
  EXPECT_EQ(names(SortKey::Total), (V{"close", "write", "read"}));
  EXPECT_EQ(names(SortKey::Avg), (V{"close", "read", "write"}));
  EXPECT_EQ(names(SortKey::Max), (V{"close", "read", "write"}));
  EXPECT_EQ(names(SortKey::P99), (V{"close", "read", "write"}));
  EXPECT_EQ(names(SortKey::Count), (V{"write", "read", "close"}));
}

TEST(StatsReport, errors_sort_breaks_ties_by_count) {
  Snapshot d;
  d.syscalls[0] = counted(5, 2);
  d.syscalls[1] = counted(9, 2);
  d.syscalls[2] = counted(100, 0);
  std::vector<std::string> n;
  for (const auto& r : make_report(d, 1, {SortKey::Errors, 0}).rows)
    n.push_back(r.name);
  EXPECT_EQ(n, (std::vector<std::string>{"write", "read", "open"}));
}

TEST(StatsReport, processes_sort_and_top) {
  Snapshot d;
  d.processes[{30, "b", 0}] = counted(5, 5);
  d.processes[{20, "a", 0}] = counted(50, 0);
  d.processes[{10, "c", 0}] = counted(50, 1);
  auto pids = [&](SortKey key, std::size_t top = 0) {
    std::vector<std::uint32_t> p;
    Report r = make_report(d, 1, {key, top});
    for (const auto& row : r.processes)
      p.push_back(row.pid);
    EXPECT_EQ(r.processes_seen, 3u);
    return p;
  };
  using V = std::vector<std::uint32_t>;
  EXPECT_EQ(pids(SortKey::Count), (V{10, 20, 30})); // 50, 50 (by pid), 5
  EXPECT_EQ(pids(SortKey::Errors), (V{30, 10, 20}));
  EXPECT_EQ(pids(SortKey::Name), (V{20, 30, 10})); // a, b, c
  EXPECT_EQ(pids(SortKey::Count, 2), (V{10, 20}));
}

TEST(StatsReport, a_syscall_under_two_comms_is_one_row_with_its_rate) {
  Snapshot d;
  d.processes[{10, "sh", 59}] = counted(1);
  d.processes[{10, "ls", 59}] = counted(3, 1);
  Report r = make_report(d, 2.0, {});
  ASSERT_EQ(r.processes.size(), 1u);
  ASSERT_EQ(r.processes[0].syscalls.size(), 1u);
  const Row& execve = r.processes[0].syscalls[0];
  EXPECT_EQ(execve.name, "execve");
  EXPECT_EQ(execve.stats.count, 4u);
  EXPECT_EQ(execve.stats.errors, 1u);
  EXPECT_DOUBLE_EQ(execve.rate, 2.0); // 4 calls in 2 s
  EXPECT_DOUBLE_EQ(r.processes[0].rate, 2.0);
}

// Regression: a process's comm is the comm with the most calls, but the
// loop took an empty comm (prctl(PR_SET_NAME, "")) for "none chosen yet",
// so any later comm replaced it: pid 5 showed "x" (1 call), not "" (100).
TEST(StatsReport, empty_comm_with_the_most_calls_is_kept) {
  Snapshot d;
  d.processes[{5, "", 0}] = counted(100);
  d.processes[{5, "x", 1}] = counted(1);
  Report r = make_report(d, 1.0, {});
  ASSERT_EQ(r.processes.size(), 1u);
  EXPECT_EQ(r.processes[0].comm, "");
}

TEST(StatsReport, every_sort_key_of_each_tool) {
  for (const char* k : {"count", "rate", "errors", "name"})
    EXPECT_TRUE(parse_sort_key(k, false).ok()) << k;
  for (const char* k :
       {"total", "count", "avg", "max", "p99", "errors", "name"})
    EXPECT_TRUE(parse_sort_key(k, true).ok()) << k;
  for (const char* k : {"total", "avg", "max", "p99", "", "Count"})
    EXPECT_FALSE(parse_sort_key(k, false).ok()) << k;
  auto bad = parse_sort_key("rate", true);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("total, count, avg, max, p99, errors or "
                                     "name"),
            std::string::npos)
      << bad.error().message;
}

} // namespace
} // namespace sctrace::stats
