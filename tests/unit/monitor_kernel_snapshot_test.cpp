// The monitor program's printed maps, as bpftrace 0.17 and 0.23 print
// them with -f json, turned into cumulative counters by KernelCollector.
#include <gtest/gtest.h>

#include "events/map_record.h"
#include "modes/monitor/kernel_snapshot.h"

namespace sctrace::monitor {
namespace {

std::optional<KernelSnapshot> feed(KernelCollector& c,
                                   const std::vector<std::string>& lines) {
  std::optional<KernelSnapshot> last;
  for (const auto& l : lines) {
    auto rec = events::parse_map_record(l);
    EXPECT_TRUE(rec.ok()) << l;
    if (!rec.ok())
      continue;
    if (auto s = c.add(*rec))
      last = s;
  }
  return last;
}

TEST(MonitorKernelSnapshot, bpftrace_017_maps_with_an_ns_hist) {
  KernelCollector c;
  auto s = feed(
      c,
      {
          R"({"type": "map", "data": {"@sctrace_calls": {"39": 5, "257": 3, "-1": 2}}})",
          R"({"type": "map", "data": {"@sctrace_errno": {"257,2": 2, "257,21": 1}}})",
          R"({"type": "map", "data": {"@sctrace_total": {"39": 5000}}})",
          R"({"type": "hist", "data": {"@sctrace_hist": {"39": [{"min": 512, "max": 1023, "count": 4}, {"min": 1024, "max": 2047, "count": 1}]}}})",
          R"({"type": "map", "data": {"@sctrace_slow": {"39": 1}}})",
          R"({"type": "map", "data": {"@sctrace_full": 3}})",
          R"({"type": "map", "data": {"@sctrace_snapshot": 12345}})",
      });
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kernel_ns, 12345u);
  const auto& g = s->syscalls.at("getpid");
  EXPECT_EQ(g.calls, 5u);
  EXPECT_EQ(g.total_ns, 5000u);
  EXPECT_EQ(g.slow, 1u);
  ASSERT_EQ(g.buckets.size(), static_cast<std::size_t>(kBuckets));
  // [512, 1023] ns is index 10 (its le is 2^10 - 1), [1024, 2047] is 11.
  EXPECT_EQ(g.buckets[10], 4u);
  EXPECT_EQ(g.buckets[11], 1u);
  const auto& o = s->syscalls.at("openat");
  EXPECT_EQ(o.calls, 3u);
  EXPECT_EQ(o.errors, 3u);
  EXPECT_EQ(o.errnos.at(2), 2u);
  EXPECT_EQ(o.errnos.at(21), 1u);
  EXPECT_EQ(s->syscalls.at("rt_sigreturn").calls, 2u);
  EXPECT_EQ(s->map_full, 3u);
  EXPECT_EQ(s->bad_keys, 0u);
}

// bpftrace 0.17 prints every bucket from 2^31 ns up as one entry with
// 32-bit bounds, {"min": -2147483648, "max": 0} (a futex of 20 s came so
// in the exporter's long run): not 0 ns, but past every finite bound.
TEST(MonitorKernelSnapshot, bpftrace_017_overflowed_bucket_is_the_last) {
  KernelCollector c;
  auto s = feed(
      c,
      {
          R"({"type": "map", "data": {"@sctrace_calls": {"202": 2}}})",
          R"({"type": "hist", "data": {"@sctrace_hist": {"202": [{"min": 1073741824, "max": 2147483647, "count": 1}, {"min": -2147483648, "max": 0, "count": 1}]}}})",
          R"({"type": "map", "data": {"@sctrace_snapshot": 12345}})",
      });
  ASSERT_TRUE(s);
  const auto& f = s->syscalls.at("futex");
  ASSERT_EQ(f.buckets.size(), static_cast<std::size_t>(kBuckets));
  EXPECT_EQ(f.buckets[0], 0u);
  EXPECT_EQ(f.buckets[31], 1u);
  EXPECT_EQ(f.buckets[kBuckets - 1], 1u);
}

TEST(MonitorKernelSnapshot, bpftrace_023_sums_per_bucket_and_zero_keys) {
  KernelCollector c(true);
  auto s = feed(
      c,
      {
          R"({"type": "map", "data": {"@sctrace_calls": {"39": 5, "40": 0}}})",
          R"({"type": "map", "data": {"@sctrace_hist": {"39,0": 1, "39,10": 4, "39,11": 0}}})",
          R"({"type": "map", "data": {"@sctrace_comm": {"a\\\"b,39": 5, "x,y,40": 0}}})",
          R"({"type": "map", "data": {"@sctrace_snapshot": 99}})",
      });
  ASSERT_TRUE(s);
  EXPECT_EQ(s->syscalls.count("sendfile"), 0u); // 40 only had a zero key
  const auto& g = s->syscalls.at("getpid");
  EXPECT_EQ(g.buckets[0], 1u);
  EXPECT_EQ(g.buckets[10], 4u);
  EXPECT_EQ(g.buckets[11], 0u);
  EXPECT_EQ(s->by_comm.at("a\"b").at("getpid"), 5u);
  EXPECT_EQ(s->by_comm.size(), 1u);
}

TEST(MonitorKernelSnapshot, a_snapshot_holds_only_what_was_printed_since) {
  KernelCollector c;
  auto first =
      feed(c, {
                  R"({"type": "map", "data": {"@sctrace_calls": {"39": 5}}})",
                  R"({"type": "map", "data": {"@sctrace_calls": {"39": 6}}})",
                  R"({"type": "map", "data": {"@sctrace_snapshot": 1}})",
              });
  ASSERT_TRUE(first);
  EXPECT_EQ(first->syscalls.at("getpid").calls, 6u); // the last print
  auto second =
      feed(c, {R"({"type": "map", "data": {"@sctrace_snapshot": 2}})"});
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->syscalls.empty());
}

TEST(MonitorKernelSnapshot, bad_keys_are_counted_and_end_stops_it) {
  KernelCollector c;
  auto s = feed(
      c,
      {
          R"({"type": "map", "data": {"@sctrace_calls": {"x": 5, "39": 1}}})",
          R"({"type": "map", "data": {"@sctrace_errno": {"39": 1, "39,-2": 1}}})",
          R"({"type": "map", "data": {"@sctrace_comm": {"nocomma": 1}}})",
          R"({"type": "map", "data": {"@sctrace_snapshot": 5}})",
      });
  ASSERT_TRUE(s);
  EXPECT_EQ(s->bad_keys, 4u);
  EXPECT_EQ(s->syscalls.at("getpid").calls, 1u);
  // After END began, half-cleared maps dumped at exit are no snapshot.
  auto after =
      feed(c, {
                  R"({"type": "map", "data": {"@sctrace_end": 1}})",
                  R"({"type": "map", "data": {"@sctrace_calls": {"39": 1}}})",
                  R"({"type": "map", "data": {"@sctrace_snapshot": 6}})",
              });
  EXPECT_FALSE(after);
  EXPECT_TRUE(c.ended());
}

TEST(MonitorKernelSnapshot, zero_snapshot_time_is_not_a_snapshot) {
  KernelCollector c;
  EXPECT_FALSE(
      feed(c, {R"({"type": "map", "data": {"@sctrace_snapshot": 0}})"}));
}

} // namespace
} // namespace sctrace::monitor
