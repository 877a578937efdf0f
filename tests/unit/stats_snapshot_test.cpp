// SnapshotCollector and difference(): bpftrace's printed maps (in the exact
// shapes bpftrace 0.17 and 0.23 print them; real recordings are in
// stats_snapshot_recorded_test.cpp) become per-syscall numbers; intervals
// are differences of cumulative snapshots; bucket bounds follow the
// documented log2-of-microseconds layout.
#include <gtest/gtest.h>

#include "events/map_record.h"
#include "gen/syscall_table.h"
#include "modes/stats/snapshot.h"

namespace sctrace::stats {
namespace {

// A printed map, parsed as events::OutputParser parses it.
events::MapRecord rec(const std::string& text) {
  auto m = events::parse_map_record(text);
  EXPECT_TRUE(m.ok()) << text << ": " << (m.ok() ? "" : m.error().message);
  return m.ok() ? std::move(*m) : events::MapRecord{};
}

// Feeds records, then ends the output; returns the last snapshot, if any.
std::optional<Snapshot> feed(SnapshotCollector& c,
                             const std::vector<std::string>& lines) {
  std::optional<Snapshot> out;
  for (const auto& l : lines)
    if (auto s = c.add(rec(l)))
      out = std::move(s);
  if (auto s = c.finish())
    out = std::move(s);
  return out;
}

TEST(StatsSnapshot, counts_and_errors_by_syscall_number) {
  SnapshotCollector c;
  auto s = feed(
      c, {R"({"type": "map", "data": {"@sctrace_count": {"0": 5, "257": 30}}})",
          R"({"type": "map", "data": {"@sctrace_errors": {"257": 16}}})",
          R"({"type": "map", "data": {"@sctrace_snapshot": 20118875104131}})"});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kernel_ns, 20118875104131u);
  EXPECT_FALSE(s->final);
  EXPECT_EQ(s->syscalls.at(0).count, 5u);
  EXPECT_EQ(s->syscalls.at(0).errors, 0u);
  EXPECT_EQ(s->syscalls.at(257).count, 30u);
  EXPECT_EQ(s->syscalls.at(257).errors, 16u);
  EXPECT_EQ(s->largest_map, 2u);
}

// bpftrace 0.23's count program seeds every syscall's key with sum(0)
// (gen/stats_program.h): a zero is a key, not a call.
TEST(StatsSnapshot, seeded_zero_keys_are_not_calls) {
  SnapshotCollector c;
  auto s = feed(
      c,
      {R"({"type": "map", "data": {"@sctrace_count": {"-1": 0, "0": 0, "110": 7, "257": 0}}})",
       R"({"type": "map", "data": {"@sctrace_errors": {"-1": 0, "110": 0, "257": 0}}})",
       R"({"type": "map", "data": {"@sctrace_snapshot": 5}})"});
  ASSERT_TRUE(s);
  ASSERT_EQ(s->syscalls.size(), 1u);
  EXPECT_EQ(s->syscalls.at(110).count, 7u);
  EXPECT_EQ(s->syscalls.at(110).errors, 0u);
  EXPECT_EQ(s->bad_keys, 0u);
}

// latency's histogram on bpftrace 0.23: a sum per "NR,BUCKET", the bucket
// being hist()'s (0 for 0 us, else the bit width of the microseconds).
TEST(StatsSnapshot, latency_histogram_as_sums_per_bucket) {
  SnapshotCollector c;
  auto s = feed(
      c,
      {R"({"type": "map", "data": {"@sctrace_hist": {"110,0": 1977, "110,1": 20, "110,2": 3, "110,3": 0, "-1,70": 1, "110": 4, "a,1": 2, "1,-2": 1, "1,2,3": 1}}})",
       R"({"type": "map", "data": {"@sctrace_total": {"110": 1855152, "0": 0}}})",
       R"({"type": "map", "data": {"@sctrace_snapshot": 9}})"});
  ASSERT_TRUE(s);
  const auto& g = s->syscalls.at(110);
  EXPECT_EQ(g.count, 2000u);
  ASSERT_EQ(g.buckets.size(), 3u); // the zero of bucket 3 is no sample
  EXPECT_EQ(g.buckets[0], 1977u);
  EXPECT_EQ(g.buckets[1], 20u);
  EXPECT_EQ(g.buckets[2], 3u);
  EXPECT_EQ(g.total_ns, 1855152u);
  // rt_sigreturn's exit id, and a bucket past the last one.
  const auto& r = s->syscalls.at(gen::exit_syscall_number(-1));
  EXPECT_EQ(r.count, 1u);
  EXPECT_EQ(r.buckets.size(), static_cast<std::size_t>(kMaxBuckets));
  EXPECT_EQ(s->syscalls.count(0), 0u); // a zero total is no call
  EXPECT_EQ(s->bad_keys, 4u);
}

TEST(StatsSnapshot, nothing_before_the_end_record_and_a_fresh_start_after) {
  SnapshotCollector c;
  EXPECT_FALSE(
      c.add(rec(R"({"type": "map", "data": {"@sctrace_count": {"1": 2}}})")));
  ASSERT_TRUE(
      c.add(rec(R"({"type": "map", "data": {"@sctrace_snapshot": 1}})")));
  // Empty maps are not printed at all: the next snapshot has no calls.
  auto s = c.add(rec(R"({"type": "map", "data": {"@sctrace_snapshot": 2}})"));
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->syscalls.empty());
}

TEST(StatsSnapshot, end_marker_makes_the_snapshot_final) {
  SnapshotCollector c;
  auto s = feed(c, {R"({"type": "map", "data": {"@sctrace_end": 1}})",
                    R"({"type": "map", "data": {"@sctrace_count": {"3": 1}}})",
                    R"({"type": "map", "data": {"@sctrace_snapshot": 9}})"});
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->final);
}

// Recorded from bpftrace 0.23 (four sessions at once, CI): END's events
// were handled up to print(@sctrace_count), then bpftrace printed every map
// not cleared at exit, in name order. Summing both prints doubled the
// count (1554 for 777 calls).
TEST(StatsSnapshot, end_cut_short_then_exit_dump_counts_each_call_once) {
  SnapshotCollector c;
  auto s =
      feed(c, {R"({"type": "map", "data": {"@sctrace_count": {"110": 0}}})",
               R"({"type": "map", "data": {"@sctrace_snapshot": 100}})",
               R"({"type": "map", "data": {"@sctrace_end": 1}})",
               R"({"type": "map", "data": {"@sctrace_count": {"110": 777}}})",
               R"({"type": "map", "data": {"@sctrace_count": {"110": 777}}})",
               R"({"type": "map", "data": {"@sctrace_end": 1}})",
               R"({"type": "map", "data": {"@sctrace_errors": {"110": 0}}})",
               R"({"type": "map", "data": {"@sctrace_snapshot": 900}})"});
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->final);
  EXPECT_EQ(s->kernel_ns, 900u);
  EXPECT_EQ(s->syscalls.at(110).count, 777u);
  EXPECT_EQ(c.repeated_maps(), 1u);
}

// The latency shape of the same cut (issue 12, case 6: doubled counts and
// "0ns" totals): the exit dump prints @sctrace_snapshot before
// @sctrace_total, so the final snapshot may not end at @sctrace_snapshot.
TEST(StatsSnapshot, exit_dump_in_name_order_keeps_maps_after_the_snapshot) {
  SnapshotCollector c;
  auto s = feed(
      c,
      {R"({"type": "map", "data": {"@sctrace_snapshot": 100}})",
       R"({"type": "map", "data": {"@sctrace_end": 1}})",
       R"({"type": "map", "data": {"@sctrace_hist": {"230,17": 24}}})",
       R"({"type": "map", "data": {"@sctrace_end": 1}})",
       R"({"type": "map", "data": {"@sctrace_errors": {"230": 2}}})",
       R"({"type": "map", "data": {"@sctrace_hist": {"230,17": 24}}})",
       R"({"type": "map", "data": {"@sctrace_max": {"230": 100300000}}})",
       R"({"type": "map", "data": {"@sctrace_min": {"230": 100100000}}})",
       R"({"type": "map", "data": {"@sctrace_snapshot": 900}})",
       R"({"type": "map", "data": {"@sctrace_start": {"4242": 77}}})",
       R"({"type": "map", "data": {"@sctrace_total": {"230": 2405000000}}})"});
  ASSERT_TRUE(s);
  const SyscallStats& n = s->syscalls.at(230);
  EXPECT_EQ(n.count, 24u);
  EXPECT_EQ(n.errors, 2u);
  EXPECT_EQ(n.total_ns, 2405000000u);
  EXPECT_EQ(n.min_ns, 100100000u);
  EXPECT_EQ(s->syscalls.size(), 1u); // @sctrace_start is no statistic
}

// After END's snapshot, bpftrace 0.23 printed the maps whose clear() it
// never handled (and 0 for a scalar map): no second snapshot comes of it.
TEST(StatsSnapshot, maps_printed_after_the_final_snapshot_change_nothing) {
  SnapshotCollector c;
  EXPECT_TRUE(
      c.add(rec(R"({"type": "map", "data": {"@sctrace_snapshot": 1}})")));
  for (const char* l :
       {R"({"type": "map", "data": {"@sctrace_end": 1}})",
        R"({"type": "map", "data": {"@sctrace_count": {"110": 777}}})",
        R"({"type": "map", "data": {"@sctrace_snapshot": 900}})",
        R"({"type": "map", "data": {"@sctrace_errors": {"110": 3}}})",
        R"({"type": "map", "data": {"@sctrace_snapshot": 0}})"})
    EXPECT_FALSE(c.add(rec(l))) << l;
  auto s = c.finish();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kernel_ns, 900u);
  EXPECT_EQ(s->syscalls.at(110).count, 777u);
  EXPECT_EQ(s->syscalls.at(110).errors, 3u);
  EXPECT_FALSE(c.finish());
  EXPECT_FALSE(
      c.add(rec(R"({"type": "map", "data": {"@sctrace_snapshot": 5}})")));
}

TEST(StatsSnapshot, rt_sigreturn_exit_id_minus_one_is_named_back) {
  SnapshotCollector c;
  auto s = feed(
      c, {R"({"type": "map", "data": {"@sctrace_count": {"-1": 2, "15": 1}}})",
          R"({"type": "map", "data": {"@sctrace_snapshot": 9}})"});
  ASSERT_TRUE(s);
  ASSERT_EQ(s->syscalls.size(), 1u);
  EXPECT_EQ(s->syscalls.at(15).count, 3u); // x86_64 rt_sigreturn
}

TEST(StatsSnapshot, per_process_keys_keep_commas_inside_the_comm) {
  SnapshotCollector c;
  auto s = feed(
      c,
      {R"({"type": "map", "data": {"@sctrace_count": {"15245,800,bash,0": 90, "77,900,a,b,c,39": 4}}})",
       R"({"type": "map", "data": {"@sctrace_errors": {"77,900,a,b,c,39": 1}}})",
       R"({"type": "map", "data": {"@sctrace_snapshot": 9}})"});
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->syscalls.empty());
  ASSERT_EQ(s->processes.size(), 2u);
  ProcessKey bash{15245, "bash", 0, 800}, odd{77, "a,b,c", 39, 900};
  EXPECT_EQ(s->processes.at(bash).count, 90u);
  EXPECT_EQ(s->processes.at(odd).count, 4u);
  EXPECT_EQ(s->processes.at(odd).errors, 1u);
}

// Issue 12.7: the key carries the process start (PID,START,COMM,NR), so a
// pid the kernel reused is a second process, even under the same comm.
TEST(StatsSnapshot, a_reused_pid_with_another_start_is_another_key) {
  SnapshotCollector c;
  auto s = feed(
      c,
      {R"({"type": "map", "data": {"@sctrace_count": {"4242,1000,w,110": 3, "4242,2000,w,110": 5}}})",
       R"({"type": "map", "data": {"@sctrace_snapshot": 9}})"});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->bad_keys, 0u);
  ASSERT_EQ(s->processes.size(), 2u);
  EXPECT_EQ(s->processes.at(ProcessKey{4242, "w", 110, 1000}).count, 3u);
  EXPECT_EQ(s->processes.at(ProcessKey{4242, "w", 110, 2000}).count, 5u);
}

TEST(StatsSnapshot, bad_keys_are_counted_not_guessed) {
  SnapshotCollector c;
  // No start, a bad pid, a start that is not a number, a negative start,
  // a pid and start but no comm field.
  auto s = feed(
      c,
      {R"({"type": "map", "data": {"@sctrace_count": {"x": 1, "0,5,bash,1": 2, "1,c,y": 3, "-5,5,c,1": 4, "7": 5, "1,s,c,2": 6, "1,-5,c,2": 7, "1,5,2": 8}}})",
       R"({"type": "map", "data": {"@sctrace_snapshot": 9}})"});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->bad_keys, 7u);
  EXPECT_EQ(s->syscalls.size(), 1u);
  EXPECT_TRUE(s->processes.empty());
}

TEST(StatsSnapshot, hist_buckets_are_log2_of_microseconds) {
  SnapshotCollector c;
  // 0.17/0.23 hist shape: [0], [1], [2,3], ..., [16384,32767].
  auto s = feed(
      c,
      {R"({"type": "hist", "data": {"@sctrace_hist": {"61": [{"min": 0, "max": 0, "count": 1}, {"min": 1, "max": 1, "count": 5}, {"min": 2, "max": 3, "count": 0}, {"min": 16384, "max": 32767, "count": 4}]}}})",
       R"({"type": "map", "data": {"@sctrace_total": {"61": 92365419}}})",
       R"({"type": "map", "data": {"@sctrace_min": {"61": 812}}})",
       R"({"type": "map", "data": {"@sctrace_max": {"61": 28726063}}})",
       R"({"type": "map", "data": {"@sctrace_snapshot": 9}})"});
  ASSERT_TRUE(s);
  const auto& w = s->syscalls.at(61);
  EXPECT_EQ(w.count, 10u); // the sum of the buckets
  ASSERT_EQ(w.buckets.size(), 16u);
  EXPECT_EQ(w.buckets[0], 1u);  // [0, 1us)
  EXPECT_EQ(w.buckets[1], 5u);  // [1, 2us)
  EXPECT_EQ(w.buckets[15], 4u); // [16384, 32768us)
  EXPECT_EQ(w.total_ns, 92365419u);
  EXPECT_EQ(w.min_ns, 812u);
  EXPECT_EQ(w.max_ns, 28726063u);
  EXPECT_EQ(bucket_low_ns(15), 16384000u);
  EXPECT_EQ(bucket_high_ns(15), 32768000u);
  EXPECT_EQ(bucket_low_ns(0), 0u);
  EXPECT_EQ(bucket_high_ns(0), 1000u);
}

TEST(StatsSnapshot, difference_subtracts_counts_and_keeps_min_max) {
  Snapshot a, b;
  a.kernel_ns = 1;
  a.syscalls[0] = SyscallStats{10, 1, 1000, 5, 500, {3, 7}};
  b.kernel_ns = 2;
  b.final = true;
  b.syscalls[0] = SyscallStats{25, 1, 4000, 4, 900, {8, 15, 2}};
  b.syscalls[1] = SyscallStats{2, 2, 0, 0, 0, {}};
  Snapshot d = difference(b, a);
  EXPECT_EQ(d.kernel_ns, 2u);
  EXPECT_TRUE(d.final);
  EXPECT_EQ(d.syscalls.at(0).count, 15u);
  EXPECT_EQ(d.syscalls.at(0).errors, 0u);
  EXPECT_EQ(d.syscalls.at(0).total_ns, 3000u);
  EXPECT_EQ(d.syscalls.at(0).buckets, (std::vector<std::uint64_t>{5, 8, 2}));
  EXPECT_EQ(d.syscalls.at(0).min_ns, 4u); // cumulative: now's
  EXPECT_EQ(d.syscalls.at(0).max_ns, 900u);
  EXPECT_EQ(d.syscalls.at(1).count, 2u); // new in b: taken whole
  // A syscall with no calls in the interval is left out.
  Snapshot same = difference(b, b);
  EXPECT_TRUE(same.syscalls.empty());
}

TEST(StatsSnapshot, empty_comm_is_a_process_not_a_bad_key) {
  // prctl(PR_SET_NAME, "") gives a process an empty comm: "PID,START,,NR".
  SnapshotCollector c;
  auto s =
      feed(c, {R"({"type": "map", "data": {"@sctrace_count": {"5,6,,39": 3}}})",
               R"({"type": "map", "data": {"@sctrace_snapshot": 9}})"});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->bad_keys, 0u);
  EXPECT_EQ(s->processes.at(ProcessKey{5, "", 39, 6}).count, 3u);
}

TEST(StatsSnapshot, records_other_than_maps_and_hists_are_ignored) {
  SnapshotCollector c;
  // Not maps: the parser rejects them before any collector sees them.
  for (const char* other :
       {R"({"type": "value", "data": [-1, 0, 0]})",
        R"({"type": "map", "data": [1, 2]})", R"({"data": {}})", R"([1])",
        R"({"type": "hist", "data": {"@sctrace_hist": {"1": 4}}})"})
    EXPECT_FALSE(events::parse_map_record(other).ok()) << other;
  // Maps that are not the program's: ignored.
  for (const char* other :
       {R"({"type": "stats", "data": {"@sctrace_count": {"1": 7}}})",
        R"({"type": "map", "data": {"@sctrace_count": 5}})"})
    EXPECT_FALSE(c.add(rec(other))) << other;
  auto s = c.add(rec(R"({"type": "map", "data": {"@sctrace_snapshot": 9}})"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kernel_ns, 9u);
  // The hist key "1" had no bucket list: nothing counted for it.
  EXPECT_EQ(s->syscalls.count(1) ? s->syscalls.at(1).count : 0u, 0u);
  EXPECT_TRUE(s->processes.empty());
}

TEST(StatsSnapshot, rt_sigreturn_under_both_ids_merges_min_max_and_buckets) {
  // -1 (rt_sigreturn's exit id) and 15 (the same syscall, if a kernel
  // reported it) are one syscall: sums add, min and max are of both.
  SnapshotCollector c;
  auto s = feed(
      c,
      {R"({"type": "hist", "data": {"@sctrace_hist": {"-1": [{"min": 0, "max": 0, "count": 2}], "15": [{"min": 1, "max": 1, "count": 1}]}}})",
       R"({"type": "map", "data": {"@sctrace_total": {"-1": 900, "15": 1500}}})",
       R"({"type": "map", "data": {"@sctrace_min": {"-1": 400, "15": 1500}}})",
       R"({"type": "map", "data": {"@sctrace_max": {"-1": 500, "15": 1500}}})",
       R"({"type": "map", "data": {"@sctrace_snapshot": 9}})"});
  ASSERT_TRUE(s);
  ASSERT_EQ(s->syscalls.size(), 1u);
  const SyscallStats& r = s->syscalls.at(15);
  EXPECT_EQ(r.count, 3u);
  EXPECT_EQ(r.buckets, (std::vector<std::uint64_t>{2, 1}));
  EXPECT_EQ(r.total_ns, 2400u);
  EXPECT_EQ(r.min_ns, 400u);
  EXPECT_EQ(r.max_ns, 1500u);
}

TEST(StatsSnapshot, buckets_beyond_the_last_index_land_in_the_last) {
  // min 2^62 us would be index 63; 2^63 us index 64, past kMaxBuckets.
  SnapshotCollector c;
  auto s = feed(
      c,
      {R"({"type": "hist", "data": {"@sctrace_hist": {"1": [{"min": 4611686018427387904, "max": 9223372036854775807, "count": 1}, {"min": 9223372036854775808, "max": 18446744073709551615, "count": 2}]}}})",
       R"({"type": "map", "data": {"@sctrace_snapshot": 9}})"});
  ASSERT_TRUE(s);
  const SyscallStats& w = s->syscalls.at(1);
  ASSERT_EQ(w.buckets.size(), std::size_t(kMaxBuckets));
  EXPECT_EQ(w.buckets[kMaxBuckets - 1], 3u);
  EXPECT_EQ(w.count, 3u);
  EXPECT_EQ(bucket_high_ns(kMaxBuckets - 1), UINT64_MAX); // no upper bound
}

TEST(StatsSnapshot, bucket_bounds_for_the_first_indexes) {
  // [0, 1us), [1, 2us), [2, 4us), [4, 8us), ... in ns.
  const std::uint64_t low[] = {0, 1000, 2000, 4000, 8000};
  const std::uint64_t high[] = {1000, 2000, 4000, 8000, 16000};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(bucket_low_ns(i), low[i]) << i;
    EXPECT_EQ(bucket_high_ns(i), high[i]) << i;
  }
  // 2^20 us = 1.048576 s: bucket 21 starts there.
  EXPECT_EQ(bucket_low_ns(21), 1'048'576'000u);
}

// Regression: 1000 * 2^k overflowed uint64 from bucket_high_ns(55) on, so
// the bounds wrapped around and `latency --format json` could print
// low_ns > high_ns for a corrupt hist record ("min": 2^60). The bounds now
// saturate at UINT64_MAX.
TEST(StatsSnapshot, bucket_bounds_chain_and_never_decrease) {
  for (int i = 1; i < kMaxBuckets; ++i) {
    // One failure names the first bad index, not every one after it.
    ASSERT_EQ(bucket_low_ns(i), bucket_high_ns(i - 1)) << i;
    ASSERT_GE(bucket_low_ns(i), bucket_low_ns(i - 1)) << i;
    ASSERT_GE(bucket_high_ns(i), bucket_high_ns(i - 1)) << i;
  }
}

TEST(StatsSnapshot, difference_of_processes_and_of_vanished_keys) {
  Snapshot before, now;
  ProcessKey a{10, "sh", 0}, b{11, "ls", 1}, gone{12, "x", 2};
  before.processes[a] = SyscallStats{4, 1, 0, 0, 0, {}};
  before.processes[gone] = SyscallStats{9, 0, 0, 0, 0, {}};
  now.processes[a] = SyscallStats{10, 3, 0, 0, 0, {}};
  now.processes[b] = SyscallStats{2, 0, 0, 0, 0, {}};
  now.bad_keys = 7;
  now.largest_map = 2;
  Snapshot d = difference(now, before);
  ASSERT_EQ(d.processes.size(), 2u); // `gone` cannot go negative: left out
  EXPECT_EQ(d.processes.at(a).count, 6u);
  EXPECT_EQ(d.processes.at(a).errors, 2u);
  EXPECT_EQ(d.processes.at(b).count, 2u);
  EXPECT_EQ(d.bad_keys, 7u); // now's, not a difference
  EXPECT_EQ(d.largest_map, 2u);
}

TEST(StatsSnapshot, difference_never_wraps_below_zero) {
  Snapshot before, now;
  before.syscalls[0] = SyscallStats{10, 5, 100, 0, 0, {4, 6}};
  now.syscalls[0] = SyscallStats{12, 3, 50, 0, 0, {3, 9}};
  Snapshot d = difference(now, before);
  const SyscallStats& r = d.syscalls.at(0);
  EXPECT_EQ(r.count, 2u);
  EXPECT_EQ(r.errors, 0u);   // 3 - 5: 0, not 2^64 - 2
  EXPECT_EQ(r.total_ns, 0u); // 50 - 100: 0
  EXPECT_EQ(r.buckets, (std::vector<std::uint64_t>{0, 3}));
}

} // namespace
} // namespace sctrace::stats
