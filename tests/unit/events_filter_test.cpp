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
