// TraceEventAggregator: incremental counts over a stream of events (seed
// name), for the summary.
//
// Contract:
//  - add() is O(1) amortised and keeps no event, so it can run for hours.
//  - top_processes(n): the n processes (by pid; comm as last seen) with the
//    most events, by count descending, then pid ascending.
//  - per_function(): event count per function, by count descending, then
//    name ascending.
//  - events_per_second(): events over the span from the first to the last
//    event timestamp, or over duration_seconds when given (> 0); 0 when
//    the span is empty.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "events/event.h"

namespace sctrace::events {

class TraceEventAggregator {
public:
  TraceEventAggregator() = default;
  explicit TraceEventAggregator(const std::vector<TraceEvent>& events);

  void add(const TraceEvent& event);

  std::uint64_t total() const { return total_; }
  std::vector<ProcessCount> top_processes(std::size_t n) const;
  std::vector<std::pair<std::string, std::uint64_t>> per_function() const;
  double events_per_second(double duration_seconds = 0) const;

  // Sets total_events, top_processes (top 10), per_function and
  // events_per_second (using summary.duration_seconds when it is > 0).
  void fill_summary(Summary& summary, std::size_t top_n = 10) const;

private:
  struct PidCount {
    std::string comm;
    std::uint64_t events = 0;
  };
  std::uint64_t total_ = 0;
  std::uint64_t first_ns_ = 0;
  std::uint64_t last_ns_ = 0;
  std::unordered_map<std::uint32_t, PidCount> per_pid_;
  std::unordered_map<std::string, std::uint64_t> per_function_;
};

} // namespace sctrace::events
