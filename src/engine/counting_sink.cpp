#include "engine/counting_sink.h"

namespace sctrace::engine {

namespace {

bool contains(const std::string& text, const std::string& part) {
  return part.empty() || text.find(part) != std::string::npos;
}

} // namespace

void CountingSink::on_event(const events::TraceEvent& e) {
  if (full())
    return;
  if (stop_ns_ && e.monotonic_ns > stop_ns_) {
    ++after_stop_;
    return;
  }
  if (!contains(e.comm, limits_.comm_substring) ||
      !contains(e.message, limits_.message_substring))
    return;
  ++delivered_;
  aggregator_.add(e);
  inner_.on_event(e);
}

} // namespace sctrace::engine
