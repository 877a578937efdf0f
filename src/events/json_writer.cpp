// JSON building blocks and the JSON/JSONL writers (json_writer.h).
#include "events/json_writer.h"

#include "output/json.h"
#include "output/number.h"
#include "output/put.h"
#include "output/rfc3339.h"
#include "util/strings.h"

namespace sctrace::events {
using output::append_json_string;
using output::append_number;
using util::append_int;

namespace {

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

bool is_unreadable(const TraceEvent& e, const std::string& name) {
  for (const std::string& u : e.unreadable_args)
    if (u == name)
      return true;
  return false;
}

// ,"KEY":["a","b"] (stack frames, unreadable argument names).
void append_frames(std::string& out, const char* key,
                   const std::vector<std::string>& frames) {
  out.append(",\"");
  out.append(key);
  out.append("\":[");
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (i)
      out.push_back(',');
    append_json_string(out, frames[i]);
  }
  out.push_back(']');
}

// "top_processes":[{pid, comm, events, started}, ...]; started is RFC 3339,
// or null when unknown (0).
void append_top_processes(std::string& out,
                          const std::vector<ProcessCount>& top) {
  append_key(out, "top_processes");
  out.push_back('[');
  for (std::size_t i = 0; i < top.size(); ++i) {
    const ProcessCount& p = top[i];
    out.append(i ? ",{" : "{");
    append_key(out, "pid");
    append_int(out, p.pid);
    out.push_back(',');
    append_key(out, "comm");
    append_json_string(out, p.comm);
    out.push_back(',');
    append_key(out, "events");
    append_int(out, p.events);
    out.push_back(',');
    append_key(out, "started");
    if (p.start_ns == 0) {
      out.append("null");
    } else {
      out.push_back('"');
      append_rfc3339(out, p.start_ns);
      out.push_back('"');
    }
    out.push_back('}');
  }
  out.push_back(']');
}

// "per_function":{"function":events, ...}
void append_per_function(
    std::string& out,
    const std::vector<std::pair<std::string, std::uint64_t>>& per_function) {
  append_key(out, "per_function");
  out.push_back('{');
  for (std::size_t i = 0; i < per_function.size(); ++i) {
    if (i)
      out.push_back(',');
    append_json_string(out, per_function[i].first);
    out.push_back(':');
    append_int(out, per_function[i].second);
  }
  out.push_back('}');
}

// {"timestamp":"...","timestamp_ns":N,"pid":P,"tid":T,"cpu":C,"comm":
// assembled on the stack and appended once.
void append_event_head(std::string& out, const TraceEvent& e) {
  using output::put;
  using output::put_int;
  char buf[96 + output::kRfc3339Size + 4 * output::kMaxIntChars];
  char* p = put(buf, "{\"timestamp\":\"");
  p = output::write_rfc3339(p, e.timestamp_ns);
  p = put_int(put(p, "\",\"timestamp_ns\":"), e.timestamp_ns);
  p = put_int(put(p, ",\"pid\":"), e.pid);
  p = put_int(put(p, ",\"tid\":"), e.tid);
  p = put_int(put(p, ",\"cpu\":"), e.cpu);
  p = put(p, ",\"comm\":");
  out.append(buf, p);
}

} // namespace

void append_event_json(std::string& out, const TraceEvent& e) {
  append_event_head(out, e);
  // comm is escaped once and copied for process_name.
  const std::size_t comm_start = out.size();
  append_json_string(out, e.comm);
  const std::size_t comm_len = out.size() - comm_start;
  out.append(",\"process_name\":");
  out.reserve(out.size() + comm_len); // so the self-append cannot move out
  out.append(out, comm_start, comm_len);
  out.append(",\"function\":");
  append_json_string(out, e.function);
  out.append(",\"message\":");
  append_json_string(out, e.message);
  out.append(",\"raw_args\":{");
  for (std::size_t i = 0; i < e.raw_args.size(); ++i) {
    if (i)
      out.push_back(',');
    append_json_string(out, e.raw_args[i].first);
    out.push_back(':');
    if (is_unreadable(e, e.raw_args[i].first))
      out.append("null");
    else
      append_json_string(out, e.raw_args[i].second);
  }
  out.append("},\"retval\":");
  if (e.retval)
    append_int(out, *e.retval);
  else
    out.append("null");
  if (!e.unreadable_args.empty())
    append_frames(out, "unreadable_args", e.unreadable_args);
  if (!e.kernel_stack.empty())
    append_frames(out, "kernel_stack", e.kernel_stack);
  if (!e.user_stack.empty())
    append_frames(out, "user_stack", e.user_stack);
  out.push_back('}');
}

void append_loss_json(std::string& out, std::uint64_t dropped, bool exact) {
  append_key(out, "events_dropped");
  if (exact)
    append_int(out, dropped);
  else
    out.append("null");
  out.push_back(',');
  append_key(out, "events_dropped_at_least");
  append_int(out, dropped);
  out.push_back(',');
  append_key(out, "loss_exact");
  out.append(exact ? "true" : "false");
}

void append_summary_json(std::string& out, const Summary& s) {
  out.push_back('{');
  append_key(out, "total_events");
  append_int(out, s.total_events);
  out.push_back(',');
  append_key(out, "duration_seconds");
  append_number(out, s.duration_seconds);
  out.push_back(',');
  append_key(out, "events_per_second");
  append_number(out, s.events_per_second);
  out.push_back(',');
  append_key(out, "cpu_seconds");
  append_number(out, s.cpu_seconds);
  out.push_back(',');
  append_loss_json(out, s.events_dropped, s.loss_exact);
  out.push_back(',');
  append_key(out, "lost_reported");
  append_int(out, s.lost_reported);
  out.push_back(',');
  append_key(out, "helper_errors");
  append_int(out, s.helper_errors);
  out.push_back(',');
  append_key(out, "unreadable_strings");
  append_int(out, s.unreadable_strings);
  out.push_back(',');
  append_key(out, "malformed_lines");
  append_int(out, s.malformed_lines);
  out.push_back(',');
  append_key(out, "drained");
  out.append(s.drained ? "true" : "false");
  out.push_back(',');
  append_top_processes(out, s.top_processes);
  out.push_back(',');
  append_per_function(out, s.per_function);
  out.push_back(',');
  append_key(out, "stop_reason");
  append_json_string(out, s.stop_reason);
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
