// TraceEventFilter and TraceEventAggregator (src/events/{filter,aggregator}).
#include <gtest/gtest.h>

#include "events/aggregator.h"
#include "events/filter.h"

namespace sctrace::events {
namespace {

TraceEvent ev(std::uint32_t pid, std::string comm, std::string function,
              std::uint64_t ts) {
  TraceEvent e;
  e.pid = e.tid = pid;
  e.comm = std::move(comm);
  e.function = std::move(function);
  e.timestamp_ns = ts;
  return e;
}

std::vector<TraceEvent> sample() {
  return {ev(10, "nginx", "openat", 1'000'000'000),
          ev(20, "apache2", "read", 2'000'000'000),
          ev(10, "nginx", "read", 3'000'000'000),
          ev(30, "bash", "openat", 1'500'000'000),
          ev(5, "sshd", "openat", 2'500'000'000)};
}

TEST(TraceEventFilter, empty_filter_matches_everything) {
  EXPECT_EQ(TraceEventFilter{}.apply(sample()).size(), 5u);
}

TEST(TraceEventFilter, process_names_are_substrings) {
  TraceEventFilter f;
  f.process_names = {"nginx", "apache"};
  auto out = f.apply(sample());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1].comm, "apache2");
}

TEST(TraceEventFilter, all_criteria_must_match) {
  TraceEventFilter f;
  f.pids = {10, 30};
  f.min_timestamp_ns = 1'500'000'000;
  f.max_timestamp_ns = 3'000'000'000;
  auto out = f.apply(sample());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].timestamp_ns, 3'000'000'000u);
  EXPECT_EQ(out[1].pid, 30u);
  EXPECT_FALSE(f.matches(ev(20, "x", "y", 2'000'000'000)));
}

TEST(TraceEventAggregator, top_processes_by_count_then_pid) {
  TraceEventAggregator agg(sample());
  EXPECT_EQ(agg.total(), 5u);
  EXPECT_EQ(agg.top_processes(3),
            (std::vector<ProcessCount>{
                {10, "nginx", 2}, {5, "sshd", 1}, {20, "apache2", 1}}));
  EXPECT_EQ(agg.top_processes(10).size(), 4u);
}

// Issue 12.7: after pid wrap-around the kernel gives a new process an old
// pid; its events are its own entry, told apart by the start time.
TEST(TraceEventAggregator, reused_pid_with_a_new_start_time_is_a_second_entry) {
  TraceEventAggregator agg;
  auto started = [](std::uint64_t start, std::string comm) {
    TraceEvent e = ev(4242, std::move(comm), "getppid", start + 1000);
    e.process_start_ns = start;
    return e;
  };
  for (int i = 0; i < 3; ++i)
    agg.add(started(1'000, "first"));
  for (int i = 0; i < 5; ++i)
    agg.add(started(9'000, "second"));
  EXPECT_EQ(agg.top_processes(10),
            (std::vector<ProcessCount>{{4242, "second", 5, 9'000},
                                       {4242, "first", 3, 1'000}}));
}

// exec changes the comm but not the process (nor its start time): one
// entry, named by the last comm.
TEST(TraceEventAggregator, exec_keeps_one_entry_with_the_last_comm) {
  TraceEventAggregator agg;
  TraceEvent e = ev(7, "sh", "execve", 1);
  e.process_start_ns = 500;
  agg.add(e);
  e.comm = "cat";
  agg.add(e);
  EXPECT_EQ(agg.top_processes(10),
            (std::vector<ProcessCount>{{7, "cat", 2, 500}}));
}

// Equal counts and pids: the earlier process first.
TEST(TraceEventAggregator, ties_order_by_pid_then_start_time) {
  TraceEventAggregator agg;
  for (std::uint64_t start : {300u, 100u, 200u}) {
    TraceEvent e = ev(9, "w", "f", start);
    e.process_start_ns = start;
    agg.add(e);
  }
  auto top = agg.top_processes(2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].start_ns, 100u);
  EXPECT_EQ(top[1].start_ns, 200u);
}

TEST(TraceEventAggregator, per_function_and_rate) {
  TraceEventAggregator agg;
  for (const TraceEvent& e : sample())
    agg.add(e);
  EXPECT_EQ(agg.per_function(),
            (std::vector<std::pair<std::string, std::uint64_t>>{{"openat", 3},
                                                                {"read", 2}}));
  EXPECT_DOUBLE_EQ(agg.events_per_second(), 2.5); // 5 events over 2 s
  EXPECT_DOUBLE_EQ(agg.events_per_second(10), 0.5);
  EXPECT_EQ(TraceEventAggregator{}.events_per_second(), 0);
}

TEST(TraceEventAggregator, fills_a_summary) {
  TraceEventAggregator agg(sample());
  Summary s;
  s.duration_seconds = 5;
  agg.fill_summary(s, 1);
  EXPECT_EQ(s.total_events, 5u);
  EXPECT_DOUBLE_EQ(s.events_per_second, 1);
  ASSERT_EQ(s.top_processes.size(), 1u);
  EXPECT_EQ(s.top_processes[0].pid, 10u);
  EXPECT_EQ(s.per_function.size(), 2u);
}

} // namespace
} // namespace sctrace::events
