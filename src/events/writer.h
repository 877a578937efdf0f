// Event writers: text (trace.py columns), JSON, JSONL and CSV.
//
// Contract:
//  - begin() once before the first event (the text writer prints its header
//    there; the others need nothing but accept it), event() per event,
//    finish() once at the end. A writer that was never begun still writes a
//    valid document from finish().
//  - Output is always well-formed: JSON strings are valid UTF-8 (invalid
//    bytes become U+FFFD), text columns are C-escaped so no byte of a comm,
//    file name or frame can start a new line, CSV fields are C-escaped the
//    same way and quoted as in RFC 4180 (lines end in "\n").
//  - With set_flush_each(true) the stream is flushed after every event (for
//    live output); otherwise the stream buffers.
//  - Writers never throw; check failed() (the stream's state) to notice a
//    closed pipe.
//
// Event JSON object, keys in this order: timestamp (RFC 3339 UTC with 9
// fraction digits), timestamp_ns, pid, tid, cpu, comm, process_name (= comm),
// function, message, raw_args {name: text, or null for a string that could
// not be read}, retval (int or null), and unreadable_args (the names whose
// value is null) / kernel_stack / user_stack (arrays) only when non-empty.
// Summary JSON: total_events, duration_seconds, events_per_second,
// events_dropped, lost_reported, helper_errors, unreadable_strings,
// malformed_lines, drained,
// top_processes [{pid, comm, events}], per_function {name: count},
// stop_reason, bpftrace_exit_code, bpftrace_signal, command_exit_code (null
// when absent).
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "events/event.h"
#include "output/rfc3339.h"
#include "util/result.h"

namespace sctrace::events {

enum class OutputFormat { Text, Json, Jsonl, Csv };

// "text", "json", "jsonl" (or "ndjson") and "csv"; anything else is an
// ErrorKind::Invalid error that lists the choices.
Result<OutputFormat> parse_output_format(std::string_view name);
std::string_view output_format_name(OutputFormat format);

// trace.py's time and CPU columns for the text writer.
struct TextOptions {
  bool timestamp = false;      // -t: seconds since start, "%.6f" cut to 8
  bool unix_timestamp = false; // -u: with -t, epoch seconds (column 17 wide)
  bool wall_time = false;      // -T: local HH:MM:SS (-t wins), of the
                               // event's timestamp (trace.py uses the time
                               // it prints, which lags under load)
  bool cpu = false;            // -C: CPU column
  bool header_msg = true;      // last header column "MSG" (trace.py leaves
                               // it blank when every probe has the default
                               // action)
  bool stacks = false;         // -K/-U: a blank line after every event
  // bpf_ktime_get_ns() (CLOCK_MONOTONIC) at trace start for -t, as
  // trace.py counts from its start; set_trace_start() sets it once the
  // probes are attached. 0 = the first event's.
  // -A: count identical event texts (line and stacks) instead of printing
  // them; finish() prints each once, most frequent first (ties in order of
  // first appearance), as TEXT "-->COUNT N" and a blank line (trace.py).
  bool aggregate = false;
  std::uint64_t start_monotonic_ns = 0;
};

class EventWriter {
public:
  virtual ~EventWriter();
  // Writes the header (write_header()) the first time; later calls do
  // nothing.
  void begin() {
    if (begun_)
      return;
    begun_ = true;
    write_header();
  }
  virtual void event(const TraceEvent& event) = 0;
  virtual void finish(const Summary& summary) = 0;

  void set_flush_each(bool on) { flush_each_ = on; }
  // The trace started at this CLOCK_MONOTONIC time (the text writer's -t
  // counts from it); ignored by the other writers.
  virtual void set_trace_start(std::uint64_t /*monotonic_ns*/) {}
  bool failed() const { return out_.fail(); }

protected:
  explicit EventWriter(std::ostream& out) : out_(out) {}
  // What begin() writes once; nothing by default.
  virtual void write_header() {}
  // Writes buf_ (then clears it) and flushes when flush_each is on.
  void emit_event_buffer();

  std::ostream& out_;
  std::string buf_; // reused per event
  bool flush_each_ = false;

private:
  bool begun_ = false;
};

std::unique_ptr<EventWriter> make_writer(OutputFormat format, std::ostream& out,
                                         TextOptions options = {});

// Building blocks, also for callers that embed events in other documents.
using output::append_rfc3339; // the timestamp of every format
void append_event_json(std::string& out, const TraceEvent& event);
void append_summary_json(std::string& out, const Summary& summary);
// The three loss members every summary has, without braces:
// "events_dropped": N, or null when not exact; "events_dropped_at_least":
// N; "loss_exact": true|false.
void append_loss_json(std::string& out, std::uint64_t dropped, bool exact);
// The warning every mode gives when Summary::loss_exact is false.
std::string inexact_loss_warning();

// The human summary the CLI prints to stderr after a text trace.
std::string format_summary_text(const Summary& summary);

} // namespace sctrace::events
