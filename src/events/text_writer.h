// TextWriter: trace.py's column output (see writer.h for the contract).
//
//   [TIME     ][CPU ]PID     TID     COMM            FUNC             MSG
//   4100    4100    cat             openat           /etc/hostname
//
// Header "%-7s %-7s %-15s %-16s %s", events "%-7d %-7d %-15s %-16s %s"
// (tgid, tid, comm, function, message); TIME is "%-8s " (or "%-17s " with
// -u), CPU "%-3s ". Stacks follow their event, one frame per line indented
// 8 spaces as trace.py prints them (events/trace_py_frames.h), kernel
// frames then user frames, then one blank line. -t counts from the trace's
// start (set_trace_start()). comm, message and frames are C-escaped
// (output::append_c_escaped). With TextOptions::aggregate (-A) events are
// counted, not printed, until finish().
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <unordered_map>
#include <vector>

#include "events/writer.h"

namespace sctrace::events {

class TextWriter : public EventWriter {
public:
  TextWriter(std::ostream& out, TextOptions options)
      : EventWriter(out), options_(options) {}
  void write_header() override;
  void set_trace_start(std::uint64_t monotonic_ns) override {
    options_.start_monotonic_ns = monotonic_ns;
  }
  void event(const TraceEvent& event) override;
  // Prints nothing: the CLI prints format_summary_text() to stderr.
  void finish(const Summary& summary) override;

private:
  void append_time(const TraceEvent& event);
  void count_event(); // -A: buf_ is one event's text
  void write_aggregate();

  // -A: each distinct event text's index in aggregate_, and the texts
  // with their counts in order of first appearance.
  std::unordered_map<std::string, std::size_t> aggregate_index_;
  std::vector<std::pair<std::string, std::uint64_t>> aggregate_;

  TextOptions options_;
  std::time_t local_second_ = -1; // -T cache: second of local_text_
  char local_text_[16] = {};
};

} // namespace sctrace::events
