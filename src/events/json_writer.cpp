// JSON building blocks and the JSON/JSONL writers (json_writer.h).
#include "events/json_writer.h"

#include <charconv>
#include <cmath>

#include "util/strings.h"

namespace sctrace::events {
using util::append_int;

namespace {

// Shortest round-trip text; JSON has no NaN or infinity, so those are 0.
void append_double(std::string& out, double v) {
  if (!std::isfinite(v))
    v = 0;
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

void append_digits(std::string& out, unsigned v, int width) {
  char buf[10];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf, static_cast<std::size_t>(width));
}

void append_optional_int(std::string& out, const std::optional<int>& v) {
  if (v)
    append_int(out, *v);
  else
    out.append("null");
}

void append_key(std::string& out, const char* key) {
  out.push_back('"');
  out.append(key);
  out.append("\":");
}

void append_frames(std::string& out, const char* key,
                   const std::vector<std::string>& frames) {
  out.append(",\"");
  out.append(key);
  out.append("\":[");
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (i)
      out.push_back(',');
    util::append_json_string(out, frames[i]);
  }
  out.push_back(']');
}

} // namespace

// Days-to-civil conversion (proleptic Gregorian) rather than gmtime_r: no
// locale or libc lock. Events arrive in bursts within one second, so the
// "YYYY-MM-DDTHH:MM:SS." prefix is cached per thread.
void append_rfc3339(std::string& out, std::uint64_t ns) {
  thread_local std::uint64_t cached_secs = UINT64_MAX;
  thread_local std::string cached_prefix;
  const std::uint64_t secs = ns / 1'000'000'000;
  if (secs != cached_secs) {
    const std::int64_t days = static_cast<std::int64_t>(secs / 86400);
    const auto sod = static_cast<unsigned>(secs % 86400);
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    const auto year = static_cast<unsigned>(static_cast<std::int64_t>(yoe) +
                                            era * 400 + (month <= 2 ? 1 : 0));
    std::string& p = cached_prefix;
    p.clear();
    append_digits(p, year, 4);
    p.push_back('-');
    append_digits(p, month, 2);
    p.push_back('-');
    append_digits(p, day, 2);
    p.push_back('T');
    append_digits(p, sod / 3600, 2);
    p.push_back(':');
    append_digits(p, sod / 60 % 60, 2);
    p.push_back(':');
    append_digits(p, sod % 60, 2);
    p.push_back('.');
    cached_secs = secs;
  }
  out.append(cached_prefix);
  append_digits(out, static_cast<unsigned>(ns % 1'000'000'000), 9);
  out.push_back('Z');
}

void append_event_json(std::string& out, const TraceEvent& e) {
  out.append("{\"timestamp\":\"");
  append_rfc3339(out, e.timestamp_ns);
  out.append("\",\"timestamp_ns\":");
  append_int(out, e.timestamp_ns);
  out.append(",\"pid\":");
  append_int(out, e.pid);
  out.append(",\"tid\":");
  append_int(out, e.tid);
  out.append(",\"cpu\":");
  append_int(out, e.cpu);
  out.append(",\"comm\":");
  // comm is escaped once and copied for process_name.
  const std::size_t comm_start = out.size();
  util::append_json_string(out, e.comm);
  const std::size_t comm_len = out.size() - comm_start;
  out.append(",\"process_name\":");
  out.reserve(out.size() + comm_len); // so the self-append cannot move out
  out.append(out, comm_start, comm_len);
  out.append(",\"function\":");
  util::append_json_string(out, e.function);
  out.append(",\"message\":");
  util::append_json_string(out, e.message);
  out.append(",\"raw_args\":{");
  for (std::size_t i = 0; i < e.raw_args.size(); ++i) {
    if (i)
      out.push_back(',');
    util::append_json_string(out, e.raw_args[i].first);
    out.push_back(':');
    util::append_json_string(out, e.raw_args[i].second);
  }
  out.append("},\"retval\":");
  if (e.retval)
    append_int(out, *e.retval);
  else
    out.append("null");
  if (!e.kernel_stack.empty())
    append_frames(out, "kernel_stack", e.kernel_stack);
  if (!e.user_stack.empty())
    append_frames(out, "user_stack", e.user_stack);
  out.push_back('}');
}

void append_summary_json(std::string& out, const Summary& s) {
  out.push_back('{');
  append_key(out, "total_events");
  append_int(out, s.total_events);
  out.push_back(',');
  append_key(out, "duration_seconds");
  append_double(out, s.duration_seconds);
  out.push_back(',');
  append_key(out, "events_per_second");
  append_double(out, s.events_per_second);
  out.push_back(',');
  append_key(out, "cpu_seconds");
  append_double(out, s.cpu_seconds);
  out.push_back(',');
  append_key(out, "events_dropped");
  append_int(out, s.events_dropped);
  out.push_back(',');
  append_key(out, "lost_reported");
  append_int(out, s.lost_reported);
  out.push_back(',');
  append_key(out, "helper_errors");
  append_int(out, s.helper_errors);
  out.push_back(',');
  append_key(out, "malformed_lines");
  append_int(out, s.malformed_lines);
  out.push_back(',');
  append_key(out, "drained");
  out.append(s.drained ? "true" : "false");
  out.push_back(',');
  append_key(out, "top_processes");
  out.push_back('[');
  for (std::size_t i = 0; i < s.top_processes.size(); ++i) {
    const ProcessCount& p = s.top_processes[i];
    out.append(i ? ",{" : "{");
    append_key(out, "pid");
    append_int(out, p.pid);
    out.push_back(',');
    append_key(out, "comm");
    util::append_json_string(out, p.comm);
    out.push_back(',');
    append_key(out, "events");
    append_int(out, p.events);
    out.push_back('}');
  }
  out.append("],");
  append_key(out, "per_function");
  out.push_back('{');
  for (std::size_t i = 0; i < s.per_function.size(); ++i) {
    if (i)
      out.push_back(',');
    util::append_json_string(out, s.per_function[i].first);
    out.push_back(':');
    append_int(out, s.per_function[i].second);
  }
  out.append("},");
  append_key(out, "stop_reason");
  util::append_json_string(out, s.stop_reason);
  out.push_back(',');
  append_key(out, "bpftrace_exit_code");
  append_optional_int(out, s.bpftrace_exit_code);
  out.push_back(',');
  append_key(out, "bpftrace_signal");
  append_optional_int(out, s.bpftrace_signal);
  out.push_back(',');
  append_key(out, "command_exit_code");
  append_optional_int(out, s.command_exit_code);
  out.push_back('}');
}

void JsonWriter::write_header() {
  out_ << "{\"events\":[";
}

void JsonWriter::event(const TraceEvent& event) {
  begin();
  buf_.append(any_event_ ? ",\n" : "\n");
  any_event_ = true;
  append_event_json(buf_, event);
  emit_event_buffer();
}

void JsonWriter::finish(const Summary& summary) {
  begin();
  buf_.append(any_event_ ? "\n],\"summary\":" : "],\"summary\":");
  append_summary_json(buf_, summary);
  buf_.append("}\n");
  emit_event_buffer();
  out_.flush();
}

void JsonlWriter::event(const TraceEvent& event) {
  append_event_json(buf_, event);
  buf_.push_back('\n');
  emit_event_buffer();
}

void JsonlWriter::finish(const Summary& summary) {
  buf_.append("{\"summary\":");
  append_summary_json(buf_, summary);
  buf_.append("}\n");
  emit_event_buffer();
  out_.flush();
}

} // namespace sctrace::events
