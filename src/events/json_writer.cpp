// JSON building blocks and the JSON/JSONL writers (json_writer.h).
#include "events/json_writer.h"

#include <algorithm>
#include <cstring>

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

// The most bytes put_event_json() writes for E.
std::size_t event_json_bound(const TraceEvent& e) {
  using output::json_string_bound;
  std::size_t n = 256 + output::kRfc3339Size + 5 * output::kMaxIntChars +
                  2 * json_string_bound(e.comm.size()) +
                  json_string_bound(e.function.size()) +
                  json_string_bound(e.message.size());
  for (const auto& [name, text] : e.raw_args)
    n += 2 + json_string_bound(name.size()) + json_string_bound(text.size());
  for (const auto* list : {&e.unreadable_args, &e.kernel_stack, &e.user_stack})
    for (const std::string& x : *list)
      n += 1 + json_string_bound(x.size());
  return n;
}

// ,"KEY":["a","b"] (stack frames, unreadable argument names) at P.
template <std::size_t N>
char* put_frames(char* p, const char (&key)[N],
                 const std::vector<std::string>& frames) {
  p = output::put(p, key);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (i)
      *p++ = ',';
    p = output::put_json_string(p, frames[i]);
  }
  *p++ = ']';
  return p;
}

// {"timestamp":"...","timestamp_ns":N,"pid":P,"tid":T,"cpu":C,"comm":C,
// "process_name":C at P (comm is escaped once and copied).
char* put_event_head(char* p, const TraceEvent& e) {
  using output::put;
  using output::put_int;
  p = put(p, "{\"timestamp\":\"");
  p = output::write_rfc3339(p, e.timestamp_ns);
  p = put_int(put(p, "\",\"timestamp_ns\":"), e.timestamp_ns);
  p = put_int(put(p, ",\"pid\":"), e.pid);
  p = put_int(put(p, ",\"tid\":"), e.tid);
  p = put_int(put(p, ",\"cpu\":"), e.cpu);
  char* comm = put(p, ",\"comm\":");
  p = output::put_json_string(comm, e.comm);
  const std::size_t comm_len = static_cast<std::size_t>(p - comm);
  p = put(p, ",\"process_name\":");
  std::memcpy(p, comm, comm_len);
  return p + comm_len;
}

// E's JSON object (writer.h's shape) at P, which has room for
// event_json_bound(E) bytes; returns its end.
char* put_event_json(char* p, const TraceEvent& e) {
  using output::put;
  using output::put_json_string;
  p = put_event_head(p, e);
  p = put_json_string(put(p, ",\"function\":"), e.function);
  p = put_json_string(put(p, ",\"message\":"), e.message);
  p = put(p, ",\"raw_args\":{");
  for (std::size_t i = 0; i < e.raw_args.size(); ++i) {
    if (i)
      *p++ = ',';
    p = put_json_string(p, e.raw_args[i].first);
    *p++ = ':';
    if (is_unreadable(e, e.raw_args[i].first))
      p = put(p, "null");
    else
      p = put_json_string(p, e.raw_args[i].second);
  }
  p = put(p, "},\"retval\":");
  p = e.retval ? output::put_int(p, *e.retval) : put(p, "null");
  if (!e.unreadable_args.empty())
    p = put_frames(p, ",\"unreadable_args\":[", e.unreadable_args);
  if (!e.kernel_stack.empty())
    p = put_frames(p, ",\"kernel_stack\":[", e.kernel_stack);
  if (!e.user_stack.empty())
    p = put_frames(p, ",\"user_stack\":[", e.user_stack);
  *p++ = '}';
  return p;
}

} // namespace

void append_event_json(std::string& out, const TraceEvent& e) {
  const std::size_t start = out.size();
  out.resize(start + event_json_bound(e));
  char* end = put_event_json(out.data() + start, e);
  out.resize(static_cast<std::size_t>(end - out.data()));
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
  const std::size_t bound = event_json_bound(event) + 1;
  if (line_.size() < bound)
    line_.resize(std::max(bound, 2 * line_.size()));
  char* end = put_event_json(line_.data(), event);
  *end++ = '\n';
  out_.write(line_.data(), end - line_.data());
  if (flush_each_)
    out_.flush();
}

void JsonlWriter::finish(const Summary& summary) {
  buf_.append("{\"summary\":");
  append_summary_json(buf_, summary);
  buf_.append("}\n");
  emit_event_buffer();
  out_.flush();
}

} // namespace sctrace::events
