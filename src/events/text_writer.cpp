// TextWriter (text_writer.h) and format_summary_text (writer.h).
#include "events/text_writer.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "events/stack_frames.h"
#include "events/trace_py_frames.h"
#include "output/escape.h"
#include "output/rfc3339.h"
#include "util/strings.h"

namespace sctrace::events {
using util::append_int;

namespace {

void pad_to(std::string& out, std::size_t start, std::size_t width) {
  std::size_t len = out.size() - start;
  if (len < width)
    out.append(width - len, ' ');
}

void append_fixed(std::string& out, double v, int decimals) {
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  if (n > 0)
    out.append(buf, static_cast<std::size_t>(std::min(n, 63)));
}

// trace.py's frames: 8 spaces, "sym+0xOFF [module]" (kernel frames
// "[kernel]", user frames their file's base name when bpftrace knew it).
void append_stack(std::string& out, const std::vector<std::string>& frames,
                  const std::vector<std::string>* modules) {
  for (std::size_t i = 0; i < frames.size(); ++i) {
    out.append(8, ' ');
    std::string_view module = "kernel";
    if (modules)
      module = i < modules->size() ? std::string_view((*modules)[i]) : "";
    output::append_c_escaped(out, trace_py_frame(frames[i], module));
    out.push_back('\n');
  }
}

// "Stopped: reason, bpftrace exit code N, ..." when there is a reason.
void append_stop_text(std::string& out, const Summary& s) {
  if (s.stop_reason.empty())
    return;
  out.append("Stopped: ");
  output::append_c_escaped(out, s.stop_reason);
  if (s.bpftrace_exit_code) {
    out.append(", bpftrace exit code ");
    append_int(out, *s.bpftrace_exit_code);
  }
  if (s.bpftrace_signal) {
    out.append(", bpftrace killed by signal ");
    append_int(out, *s.bpftrace_signal);
  }
  if (s.command_exit_code) {
    out.append(", command exit code ");
    append_int(out, *s.command_exit_code);
  }
  if (s.command_not_started)
    out.append(", command not started");
  out.push_back('\n');
}

// The "Top processes:" table, when there are any. STARTED is the time of
// day (UTC) the process started, "-" when unknown: it tells apart the
// entries of a pid the kernel reused.
void append_top_processes_text(std::string& out,
                               const std::vector<ProcessCount>& top) {
  if (top.empty())
    return;
  out.append("Top processes:\n  PID     STARTED(UTC)    COMM            "
             "EVENTS\n");
  for (const ProcessCount& p : top) {
    out.append("  ");
    std::size_t start = out.size();
    append_int(out, p.pid);
    pad_to(out, start, 7);
    out.push_back(' ');
    start = out.size();
    if (p.start_ns != 0)
      output::append_utc_time_us(out, p.start_ns);
    else
      out.push_back('-');
    pad_to(out, start, 15);
    out.push_back(' ');
    start = out.size();
    output::append_c_escaped(out, p.comm);
    pad_to(out, start, 15);
    out.push_back(' ');
    append_int(out, p.events);
    out.push_back('\n');
  }
}

// The "Per function:" list, when there are any.
void append_per_function_text(
    std::string& out,
    const std::vector<std::pair<std::string, std::uint64_t>>& per_function) {
  if (per_function.empty())
    return;
  out.append("Per function:\n");
  for (const auto& [name, count] : per_function) {
    out.append("  ");
    std::size_t start = out.size();
    output::append_c_escaped(out, name);
    pad_to(out, start, 16);
    out.push_back(' ');
    append_int(out, count);
    out.push_back('\n');
  }
}

} // namespace

void TextWriter::write_header() {
  std::string header;
  if (options_.timestamp || options_.wall_time) {
    header.append("TIME");
    pad_to(header, 0, options_.unix_timestamp ? 17 : 8);
    header.push_back(' ');
  }
  if (options_.cpu)
    header.append("CPU ");
  header.append("PID     TID     COMM            FUNC             ");
  if (options_.header_msg)
    header.append("MSG");
  header.push_back('\n');
  out_ << header;
  // trace.py flushes after the header so a user sees tracing has started.
  out_.flush();
}

// trace.py: "%.6f" of the offset (or epoch seconds with -u) cut to 8 (17)
// characters, or strftime("%H:%M:%S") with -T alone.
void TextWriter::append_time(const TraceEvent& e) {
  const std::size_t width = options_.unix_timestamp ? 17 : 8;
  const std::size_t start = buf_.size();
  if (options_.timestamp) {
    double seconds;
    if (options_.unix_timestamp) {
      seconds = static_cast<double>(e.timestamp_ns) / 1e9;
    } else {
      if (options_.start_monotonic_ns == 0) // no set_trace_start()
        options_.start_monotonic_ns = e.monotonic_ns;
      seconds = static_cast<double>(static_cast<std::int64_t>(
                    e.monotonic_ns - options_.start_monotonic_ns)) /
                1e9;
    }
    append_fixed(buf_, seconds, 6);
    if (buf_.size() - start > width)
      buf_.resize(start + width);
  } else {
    auto second = static_cast<std::time_t>(e.timestamp_ns / 1'000'000'000);
    if (second != local_second_) {
      std::tm tm{};
      localtime_r(&second, &tm);
      std::strftime(local_text_, sizeof local_text_, "%H:%M:%S", &tm);
      local_second_ = second;
    }
    buf_.append(local_text_);
  }
  pad_to(buf_, start, width);
  buf_.push_back(' ');
}

void TextWriter::event(const TraceEvent& e) {
  begin();
  if (options_.timestamp || options_.wall_time)
    append_time(e);
  std::size_t start = buf_.size();
  if (options_.cpu) {
    append_int(buf_, e.cpu);
    pad_to(buf_, start, 3);
    buf_.push_back(' ');
  }
  start = buf_.size();
  append_int(buf_, e.pid);
  pad_to(buf_, start, 7);
  buf_.push_back(' ');
  start = buf_.size();
  append_int(buf_, e.tid);
  pad_to(buf_, start, 7);
  buf_.push_back(' ');
  start = buf_.size();
  output::append_c_escaped(buf_, e.comm);
  pad_to(buf_, start, 15);
  buf_.push_back(' ');
  start = buf_.size();
  output::append_c_escaped(buf_, e.function);
  pad_to(buf_, start, 16);
  buf_.push_back(' ');
  output::append_c_escaped(buf_, e.message);
  buf_.push_back('\n');
  append_stack(buf_, e.kernel_stack, nullptr);
  append_stack(buf_, e.user_stack, &e.user_stack_modules);
  // trace.py: one blank line after the stacks of an event.
  if (options_.stacks || !e.kernel_stack.empty() || !e.user_stack.empty())
    buf_.push_back('\n');
  if (options_.aggregate)
    count_event();
  else
    emit_event_buffer();
}

void TextWriter::count_event() {
  auto [it, added] = aggregate_index_.try_emplace(buf_, aggregate_.size());
  if (added)
    aggregate_.emplace_back(buf_, 0);
  ++aggregate_[it->second].second;
  buf_.clear();
}

void TextWriter::write_aggregate() {
  std::stable_sort(
      aggregate_.begin(), aggregate_.end(),
      [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [text, count] : aggregate_) {
    out_ << text << "-->COUNT " << count << "\n\n";
  }
  aggregate_.clear();
  aggregate_index_.clear();
}

void TextWriter::finish(const Summary&) {
  begin();
  if (options_.aggregate)
    write_aggregate();
  out_.flush();
}

std::string inexact_loss_warning() {
  return "the number of dropped events is not exact (events_dropped is "
         "null, events_dropped_at_least is the loss seen): bpftrace ended "
         "before its drain markers or its per-CPU counts came, so events "
         "still queued in the kernel were lost uncounted; bpftrace's own "
         "message, if any, is above";
}

std::string format_summary_text(const Summary& s) {
  std::string out;
  out.append("Summary: ");
  append_int(out, s.total_events);
  out.append(" events in ");
  append_fixed(out, s.duration_seconds, 3);
  out.append(" s (");
  append_fixed(out, s.events_per_second, 1);
  out.append(" events/s)\n");
  out.append(s.loss_exact ? "Dropped: " : "Dropped: at least ");
  append_int(out, s.events_dropped);
  if (!s.loss_exact)
    out.append(" (not exact: bpftrace ended before it said how many events "
               "it sent)");
  out.append(" (bpftrace reported lost: ");
  append_int(out, s.lost_reported);
  out.append("), helper errors: ");
  append_int(out, s.helper_errors);
  out.append(", unreadable strings: ");
  append_int(out, s.unreadable_strings);
  out.append(", malformed lines: ");
  append_int(out, s.malformed_lines);
  out.append(s.drained ? ", drained: yes\n" : ", drained: no\n");
  append_stop_text(out, s);
  append_top_processes_text(out, s.top_processes);
  append_per_function_text(out, s.per_function);
  return out;
}

} // namespace sctrace::events
