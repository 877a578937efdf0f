// TextWriter: trace.py's column output (see writer.h for the contract).
//
//   [TIME     ][CPU ]PID     TID     COMM            FUNC             -
//   4100    4100    cat             openat           /etc/hostname
//
// Header "%-7s %-7s %-15s %-16s %s", events "%-7d %-7d %-15s %-16s %s"
// (tgid, tid, comm, function, message); TIME is "%-8s " (or "%-17s " with
// -u), CPU "%-3s ". Stacks follow their event, one frame per line indented
// 8 spaces, each stack followed by a blank line. comm, message and frames
// are C-escaped (output::append_c_escaped). With TextOptions::aggregate
// (-A) events are counted, not printed, until finish().
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
