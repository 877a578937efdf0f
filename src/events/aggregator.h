// TraceEventAggregator: incremental counts over a stream of events (seed
// name), for the summary.
//
// Contract:
//  - add() is O(1) amortised and keeps no event, so it can run for hours.
//  - top_processes(n): the n processes with the most events, by count
//    descending, then pid, then start time ascending. A process is a
//    (pid, process_start_ns) pair, so a pid the kernel reused after the
//    first owner exited is a second entry; exec keeps the pair (the start
//    time is the process's, not the program's) and the comm is the last
//    one seen.
//  - per_function(): event count per function, by count descending, then
//    name ascending.
//  - events_per_second(): events over the span from the first to the last
//    event timestamp, or over duration_seconds when given (> 0); 0 when
//    the span is empty.
#pragma once

#include <cstdint>
#include <functional>
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
  struct ProcessKey {
    std::uint32_t pid = 0;
    std::uint64_t start_ns = 0;
    bool operator==(const ProcessKey&) const = default;
  };
  struct ProcessKeyHash {
    std::size_t operator()(const ProcessKey& k) const noexcept {
      return std::hash<std::uint64_t>{}(k.start_ns * 0x9e3779b97f4a7c15ULL ^
                                        k.pid);
    }
  };
  struct ProcessTally {
    std::string comm;
    std::uint64_t events = 0;
  };
  std::uint64_t total_ = 0;
  std::uint64_t first_ns_ = 0;
  std::uint64_t last_ns_ = 0;
  std::unordered_map<ProcessKey, ProcessTally, ProcessKeyHash> per_process_;
  std::unordered_map<std::string, std::uint64_t> per_function_;
};

} // namespace sctrace::events
