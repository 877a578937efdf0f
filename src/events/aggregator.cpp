// TraceEventAggregator (aggregator.h).
#include "events/aggregator.h"

#include <algorithm>

namespace sctrace::events {

TraceEventAggregator::TraceEventAggregator(
    const std::vector<TraceEvent>& events) {
  for (const TraceEvent& e : events)
    add(e);
}

void TraceEventAggregator::add(const TraceEvent& event) {
  if (total_ == 0) {
    first_ns_ = last_ns_ = event.timestamp_ns;
  } else {
    // CPUs deliver out of order, so track both ends.
    first_ns_ = std::min(first_ns_, event.timestamp_ns);
    last_ns_ = std::max(last_ns_, event.timestamp_ns);
  }
  ++total_;
  ProcessTally& p = per_process_[{event.pid, event.process_start_ns}];
  ++p.events;
  if (p.comm != event.comm)
    p.comm = event.comm;
  // find first: the common case must not build a key string.
  auto it = per_function_.find(event.function);
  if (it != per_function_.end())
    ++it->second;
  else
    per_function_.emplace(event.function, 1);
}

std::vector<ProcessCount>
TraceEventAggregator::top_processes(std::size_t n) const {
  std::vector<ProcessCount> all;
  all.reserve(per_process_.size());
  for (const auto& [key, count] : per_process_)
    all.push_back(
        ProcessCount{key.pid, count.comm, count.events, key.start_ns});
  auto order = [](const ProcessCount& a, const ProcessCount& b) {
    if (a.events != b.events)
      return a.events > b.events;
    return a.pid != b.pid ? a.pid < b.pid : a.start_ns < b.start_ns;
  };
  if (n < all.size()) {
    std::partial_sort(all.begin(), all.begin() + n, all.end(), order);
    all.resize(n);
  } else {
    std::sort(all.begin(), all.end(), order);
  }
  return all;
}

std::vector<std::pair<std::string, std::uint64_t>>
TraceEventAggregator::per_function() const {
  std::vector<std::pair<std::string, std::uint64_t>> out(per_function_.begin(),
                                                         per_function_.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return out;
}

double TraceEventAggregator::events_per_second(double duration_seconds) const {
  if (duration_seconds <= 0)
    duration_seconds = static_cast<double>(last_ns_ - first_ns_) / 1e9;
  if (duration_seconds <= 0)
    return 0;
  return static_cast<double>(total_) / duration_seconds;
}

void TraceEventAggregator::fill_summary(Summary& summary,
                                        std::size_t top_n) const {
  summary.total_events = total_;
  summary.top_processes = top_processes(top_n);
  summary.per_function = per_function();
  summary.events_per_second = events_per_second(summary.duration_seconds);
}

} // namespace sctrace::events
