// TraceEventFilter (filter.h).
#include "events/filter.h"

#include <algorithm>

namespace sctrace::events {

bool TraceEventFilter::matches(const TraceEvent& event) const {
  if (!process_names.empty() &&
      std::none_of(process_names.begin(), process_names.end(),
                   [&](const std::string& name) {
                     return event.comm.find(name) != std::string::npos;
                   }))
    return false;
  if (!pids.empty() &&
      std::find(pids.begin(), pids.end(), event.pid) == pids.end())
    return false;
  if (min_timestamp_ns && event.timestamp_ns < *min_timestamp_ns)
    return false;
  if (max_timestamp_ns && event.timestamp_ns > *max_timestamp_ns)
    return false;
  return true;
}

std::vector<TraceEvent>
TraceEventFilter::apply(const std::vector<TraceEvent>& events) const {
  std::vector<TraceEvent> out;
  for (const TraceEvent& e : events)
    if (matches(e))
      out.push_back(e);
  return out;
}

} // namespace sctrace::events
