// TraceEventFilter: post-processing selection of events (seed name).
//
// Every criterion left empty matches everything; set criteria must all
// match:
//  - process_names: the comm contains one of the names (trace.py -n is a
//    substring match too);
//  - pids: the process id (tgid) is one of them;
//  - min/max_timestamp_ns: inclusive bounds on the wall-clock timestamp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/event.h"

namespace sctrace::events {

struct TraceEventFilter {
  std::vector<std::string> process_names;
  std::vector<std::uint32_t> pids;
  std::optional<std::uint64_t> min_timestamp_ns;
  std::optional<std::uint64_t> max_timestamp_ns;

  bool matches(const TraceEvent& event) const;
  // The matching events, in their original order.
  std::vector<TraceEvent> apply(const std::vector<TraceEvent>& events) const;
};

} // namespace sctrace::events
