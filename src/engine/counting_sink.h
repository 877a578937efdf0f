// The session's own sink in front of the caller's: applies trace.py's
// user-space filters (-n, -f) and -M, counts what is delivered, keeps the
// per-process aggregates, and holds back events stamped after the stop.
#pragma once

#include <cstdint>
#include <string>

#include "events/aggregator.h"
#include "events/bpftrace_parser.h"

namespace sctrace::engine {

struct DeliveryLimits {
  std::uint64_t max_events = 0;  // 0: unlimited
  std::string comm_substring;    // "": any comm
  std::string message_substring; // "": any message
};

class CountingSink final : public events::EventSink {
public:
  CountingSink(events::EventSink& inner, DeliveryLimits limits)
      : inner_(inner), limits_(std::move(limits)) {}
  // Events stamped after the stop are outside the trace (bpftrace emits a
  // few while it detaches, some without their entry probe): not delivered.
  void set_stop(std::uint64_t monotonic_ns) { stop_ns_ = monotonic_ns; }
  void on_event(const events::TraceEvent& e) override;
  bool on_map(const events::MapRecord& map) override {
    return inner_.on_map(map);
  }
  bool full() const {
    return limits_.max_events && delivered_ >= limits_.max_events;
  }
  std::uint64_t delivered() const { return delivered_; }
  std::uint64_t after_stop() const { return after_stop_; }
  const events::TraceEventAggregator& aggregator() const { return aggregator_; }

private:
  events::EventSink& inner_;
  DeliveryLimits limits_;
  std::uint64_t delivered_ = 0;
  std::uint64_t stop_ns_ = 0;
  std::uint64_t after_stop_ = 0;
  events::TraceEventAggregator aggregator_;
};

} // namespace sctrace::engine
