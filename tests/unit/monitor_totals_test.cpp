// The monitor's arithmetic: counter sums and saturating differences,
// totals that never decrease across bpftrace runs, the top comms, and
// the publisher's numbering, intervals and waits.
#include <gtest/gtest.h>

#include <thread>

#include "modes/monitor/counters.h"
#include "modes/monitor/publisher.h"
#include "modes/monitor/totals.h"

namespace sctrace::monitor {
namespace {

SyscallCounters counters(std::uint64_t calls, std::uint64_t enoent = 0,
                         std::uint64_t ns = 0, std::uint64_t slow = 0) {
  SyscallCounters c;
  c.calls = calls;
  c.errors = enoent;
  if (enoent)
    c.errnos[2] = enoent;
  c.total_ns = ns;
  c.slow = slow;
  c.buckets.assign(kBuckets, 0);
  c.buckets[5] = calls;
  return c;
}

KernelSnapshot kernel(std::uint64_t calls, std::uint64_t enoent = 0) {
  KernelSnapshot k;
  k.kernel_ns = 1;
  k.syscalls["openat"] = counters(calls, enoent, calls * 100);
  k.by_comm["w"]["openat"] = calls;
  return k;
}

TEST(MonitorCounters, differences_saturate_and_drop_unchanged) {
  CounterMap now{{"read", counters(10, 2, 50)}, {"close", counters(3)}};
  CounterMap before{{"read", counters(4, 2, 60)}, {"close", counters(3)}};
  CounterMap d = minus_all(now, before);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.at("read").calls, 6u);
  EXPECT_EQ(d.at("read").errors, 0u);
  EXPECT_TRUE(d.at("read").errnos.empty());
  EXPECT_EQ(d.at("read").total_ns, 0u); // 50 - 60 saturates
  EXPECT_EQ(d.at("read").buckets[5], 6u);
}

TEST(MonitorCounters, sums_take_any_bucket_size) {
  SyscallCounters a;
  SyscallCounters b = counters(2, 1);
  b.buckets.resize(3);
  add_counters(a, b);
  add_counters(a, b);
  EXPECT_EQ(a.calls, 4u);
  EXPECT_EQ(a.errnos.at(2), 2u);
  EXPECT_EQ(a.buckets.size(), static_cast<std::size_t>(kBuckets));
  SyscallCounters big;
  big.calls = UINT64_MAX - 1;
  add_counters(big, b);
  EXPECT_EQ(big.calls, UINT64_MAX);
}

TEST(MonitorCounters, top_comms_keeps_n_and_sums_the_rest) {
  CommMap all{{"a", {{"read", 5}}},
              {"b", {{"read", 50}}},
              {"c", {{"read", 1}, {"write", 2}}},
              {"other", {{"read", 1}}}};
  CommMap top = top_comms(all, 1);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top.at("b").at("read"), 50u);
  EXPECT_EQ(top.at("other").at("read"), 7u);
  EXPECT_EQ(top.at("other").at("write"), 2u);
}

TEST(MonitorTotals, a_restart_keeps_the_old_counts_as_base) {
  Totals t;
  t.add_snapshot(kernel(10, 1));
  t.add_snapshot(kernel(25, 2));
  EXPECT_EQ(t.total().at("openat").calls, 25u);
  t.end_run(); // bpftrace died; the new one starts from zero
  EXPECT_EQ(t.total().at("openat").calls, 25u);
  t.add_snapshot(kernel(0));
  EXPECT_EQ(t.total().at("openat").calls, 25u);
  t.add_snapshot(kernel(4, 1));
  EXPECT_EQ(t.total().at("openat").calls, 29u);
  EXPECT_EQ(t.total().at("openat").errnos.at(2), 3u);
  EXPECT_EQ(t.by_comm().at("w").at("openat"), 29u);
}

TEST(MonitorTotals, a_counter_that_goes_back_is_kept) {
  Totals t;
  t.add_snapshot(kernel(10, 3));
  t.add_snapshot(kernel(7, 1)); // never printed by a healthy bpftrace
  EXPECT_EQ(t.total().at("openat").calls, 10u);
  EXPECT_EQ(t.total().at("openat").errors, 3u);
}

TEST(MonitorPublisher, numbers_snapshots_and_makes_intervals) {
  Publisher p;
  EXPECT_EQ(p.latest(), nullptr);
  Snapshot a;
  a.wall_ns = 1'000'000'000;
  a.total["read"] = counters(5);
  p.publish(a);
  Snapshot b;
  b.wall_ns = 1'500'000'000;
  b.total["read"] = counters(8);
  auto pb = p.publish(b);
  EXPECT_EQ(pb->seq, 2u);
  EXPECT_DOUBLE_EQ(pb->interval_seconds, 0.5);
  EXPECT_EQ(pb->interval.at("read").calls, 3u);
  auto first = p.wait_next(0, std::chrono::milliseconds(0));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->seq, 1u);
  EXPECT_EQ(first->interval.at("read").calls, 5u);
  EXPECT_EQ(p.wait_next(2, std::chrono::milliseconds(10)), nullptr);
}

TEST(MonitorPublisher, kernel_cpu_intervals_need_both_snapshots) {
  Publisher p;
  Snapshot a;
  a.wall_ns = 1;
  a.has_kernel_cpu = true;
  a.kernel_cpu_ns = 40;
  EXPECT_EQ(p.publish(a)->interval_kernel_cpu_ns, 0u); // no previous one
  Snapshot b = a;
  b.kernel_cpu_ns = 100;
  EXPECT_EQ(p.publish(b)->interval_kernel_cpu_ns, 60u);
  Snapshot c = b;
  c.has_kernel_cpu = false; // the source went away
  c.kernel_cpu_ns = 0;
  EXPECT_EQ(p.publish(c)->interval_kernel_cpu_ns, 0u);
}

TEST(MonitorPublisher, wait_next_wakes_on_publish_and_on_close) {
  Publisher p;
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Snapshot s;
    s.wall_ns = 1;
    p.publish(s);
  });
  auto s = p.wait_next(0, std::chrono::seconds(10));
  t.join();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->seq, 1u);
  std::thread closer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    p.close();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(p.wait_next(1, std::chrono::seconds(10)), nullptr);
  closer.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(p.latest());
}

} // namespace
} // namespace sctrace::monitor
