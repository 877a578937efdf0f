// JSON conversion of TraceSpec, TracePlan and seed ebpf_programs
// (spec/json.h).
#include "spec/json.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>

#include "spec/check.h"
#include "spec/parser.h"

namespace sctrace::spec {
namespace {

using nlohmann::json;

Error json_error(std::string message) {
  return make_error(ErrorKind::Invalid, std::move(message));
}

Error wrong_type(std::string_view key, std::string_view expected) {
  return json_error("key '" + std::string(key) + "' must be " +
                    std::string(expected));
}

Result<std::string> get_string(const json& value, std::string_view key) {
  if (!value.is_string())
    return wrong_type(key, "a string");
  return value.get<std::string>();
}

Result<bool> get_bool(const json& value, std::string_view key) {
  if (!value.is_boolean())
    return wrong_type(key, "a boolean");
  return value.get<bool>();
}

Result<std::int64_t> get_int64(const json& value, std::string_view key) {
  if (!value.is_number_integer())
    return wrong_type(key, "an integer");
  if (value.is_number_unsigned() &&
      value.get<std::uint64_t>() > std::uint64_t(INT64_MAX))
    return json_error("key '" + std::string(key) + "' is out of range");
  return value.get<std::int64_t>();
}

Result<std::uint64_t> get_uint64(const json& value, std::string_view key) {
  if (!value.is_number_integer() ||
      (!value.is_number_unsigned() && value.get<std::int64_t>() < 0))
    return wrong_type(key, "a non-negative integer");
  return value.get<std::uint64_t>();
}

Result<int> get_int(const json& value, std::string_view key) {
  SCTRACE_TRY_ASSIGN(number, get_int64(value, key));
  if (number < INT_MIN || number > INT_MAX)
    return json_error("key '" + std::string(key) + "' is out of range");
  return static_cast<int>(number);
}

// Seconds: an int (as get_int), or a fraction; validate() rejects < 0.
Result<double> get_seconds(const json& value, std::string_view key) {
  if (value.is_number_float())
    return value.get<double>();
  SCTRACE_TRY_ASSIGN(whole, get_int(value, key));
  return whole;
}

Result<std::vector<std::string>> get_strings(const json& value,
                                             std::string_view key) {
  if (!value.is_array())
    return wrong_type(key, "an array of strings");
  std::vector<std::string> out;
  for (const json& item : value) {
    if (!item.is_string())
      return wrong_type(key, "an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

// TEXT parsed as an expression; an error names KEY and shows the spot:
// "key 'filter': filter:1:7: error: ...".
Result<Expression> parse_keyed(const std::string& text, std::string_view key) {
  auto parsed = Expression::parse(text);
  if (parsed.ok())
    return parsed;
  Error e = std::move(parsed).take_error();
  if (!e.pos)
    return e;
  std::string name(key);
  e.message = "key '" + name + "': " + render_diagnostic(e, text, name);
  e.pos.reset();
  return e;
}

// An expression text, parsed (spec/expr.h); "" is no expression.
Result<Expression> get_expression(const json& value, std::string_view key) {
  SCTRACE_TRY_ASSIGN(text, get_string(value, key));
  if (text.empty())
    return Expression();
  return parse_keyed(text, key);
}

Result<std::vector<Expression>> get_expressions(const json& value,
                                                std::string_view key) {
  SCTRACE_TRY_ASSIGN(texts, get_strings(value, key));
  std::vector<Expression> out;
  for (const std::string& text : texts) {
    SCTRACE_TRY_ASSIGN(e, parse_keyed(text, key));
    out.push_back(std::move(e));
  }
  return out;
}

Result<ProbeType> get_probe_type(const json& value) {
  if (!value.is_string())
    return wrong_type("probe_type", "a string");
  const auto& letter = value.get_ref<const std::string&>();
  if (letter == "p")
    return ProbeType::Entry;
  if (letter == "r")
    return ProbeType::Return;
  if (letter == "t")
    return ProbeType::Tracepoint;
  if (letter == "u")
    return ProbeType::Usdt;
  return json_error("key 'probe_type' must be one of \"p\", \"r\", \"t\" or "
                    "\"u\"");
}

// Reads one probe key of a trace spec object into spec; false when KEY is
// not a probe key.
Result<bool> read_probe_key(const std::string& key, const json& value,
                            TraceSpec& spec) {
  // clang-format off
  if (key == "probe_type") { SCTRACE_TRY_ASSIGN(v, get_probe_type(value)); spec.probe_type = v; }
  else if (key == "library") { SCTRACE_TRY_ASSIGN(v, get_string(value, key)); spec.library = v; }
  else if (key == "target") { SCTRACE_TRY_ASSIGN(v, get_string(value, key)); spec.target = v; }
  else if (key == "offset") { SCTRACE_TRY_ASSIGN(v, get_uint64(value, key)); spec.offset = v; }
  else if (key == "format") { SCTRACE_TRY_ASSIGN(v, get_string(value, key)); spec.format = v; }
  else if (key == "arguments") { SCTRACE_TRY_ASSIGN(v, get_expressions(value, key)); spec.arguments = v; }
  else if (key == "filter") { SCTRACE_TRY_ASSIGN(v, get_expression(value, key)); spec.filter = v; }
  else return false;
  // clang-format on
  return true;
}

// Reads one session key of a trace spec object into options; false when
// KEY is not a session key.
Result<bool> read_option_key(const std::string& key, const json& value,
                             SessionOptions& o) {
  // clang-format off
  if (key == "duration") { SCTRACE_TRY_ASSIGN(v, get_seconds(value, key)); o.duration_seconds = v; }
  else if (key == "process_name") { SCTRACE_TRY_ASSIGN(v, get_string(value, key)); o.process_name = v; }
  else if (key == "pid") { SCTRACE_TRY_ASSIGN(v, get_int64(value, key)); o.pid = v; }
  else if (key == "tid") { SCTRACE_TRY_ASSIGN(v, get_int64(value, key)); o.tid = v; }
  else if (key == "uid") { SCTRACE_TRY_ASSIGN(v, get_int64(value, key)); o.uid = v; }
  else if (key == "cgroup") { SCTRACE_TRY_ASSIGN(v, get_string(value, key)); o.cgroup = v; }
  else if (key == "max_events") { SCTRACE_TRY_ASSIGN(v, get_uint64(value, key)); o.max_events = v; }
  else if (key == "kernel_stack") { SCTRACE_TRY_ASSIGN(v, get_bool(value, key)); o.kernel_stack = v; }
  else if (key == "user_stack") { SCTRACE_TRY_ASSIGN(v, get_bool(value, key)); o.user_stack = v; }
  else return false;
  // clang-format on
  return true;
}

// Reads one key of a trace spec object into plan.
Result<void> read_spec_key(const std::string& key, const json& value,
                           TracePlan& plan) {
  SCTRACE_TRY_ASSIGN(probe, read_probe_key(key, value, plan.spec));
  if (probe)
    return Ok{};
  SCTRACE_TRY_ASSIGN(option, read_option_key(key, value, plan.options));
  if (option)
    return Ok{};
  return json_error("unknown key '" + key +
                    "' in trace spec; expected "
                    "probe_type, library, target, offset, format, "
                    "arguments, filter, duration, process_name, pid, tid, "
                    "uid, cgroup, max_events, kernel_stack or user_stack");
}

Result<TracePlan> read_spec(const json& object) {
  if (!object.is_object())
    return json_error("a trace spec must be a JSON object");
  TracePlan plan;
  for (const auto& [key, value] : object.items())
    SCTRACE_TRY(read_spec_key(key, value, plan));
  SCTRACE_TRY(validate(plan.spec));
  SCTRACE_TRY(validate(plan.options));
  return plan;
}

// Splits "a:b" at the first (or last) ':'; false when there is none.
bool split_target(const std::string& target, bool at_last, std::string& left,
                  std::string& right) {
  std::size_t colon = at_last ? target.rfind(':') : target.find(':');
  if (colon == std::string::npos)
    return false;
  left = target.substr(0, colon);
  right = target.substr(colon + 1);
  return true;
}

// Why a raw bpftrace script is refused, and what to send instead.
Error script_refused(const std::string& what) {
  return json_error(what +
                    " is not accepted: a remote program is a probe spec, "
                    "never a script, so no request can run code of its "
                    "own; use type kprobe, kretprobe, tracepoint, uprobe, "
                    "uretprobe, usdt or syscall with a target, or a "
                    "trace.py 'spec'");
}

Result<void> apply_probe_type(const std::string& type,
                              const std::string& target, TraceSpec& spec) {
  if (type == "kprobe" || type == "kretprobe") {
    spec.probe_type = type == "kprobe" ? ProbeType::Entry : ProbeType::Return;
    spec.target = target;
  } else if (type == "syscall") {
    // "openat", "sys_openat" or "__x64_sys_openat": the generator maps
    // syscall names to their tracepoints.
    spec.probe_type = ProbeType::Entry;
    bool named = target.find("sys_") != std::string::npos;
    spec.target = named ? target : "sys_" + target;
  } else if (type == "tracepoint") {
    spec.probe_type = ProbeType::Tracepoint;
    std::string t = target;
    if (t.find(':') == std::string::npos)
      std::replace(t.begin(), t.end(), '/', ':'); // "syscalls/sys_enter_x"
    if (!split_target(t, false, spec.library, spec.target) ||
        spec.target.find(':') != std::string::npos)
      return json_error("tracepoint target must be \"category:event\" or "
                        "\"category/event\", e.g. "
                        "\"syscalls:sys_enter_openat\"");
  } else {
    return json_error("key 'type' must be one of kprobe, kretprobe, "
                      "tracepoint, uprobe, uretprobe, usdt or syscall");
  }
  return Ok{};
}

Result<void> apply_program_type(const std::string& type,
                                const std::string& target, TraceSpec& spec) {
  if (type == "bpftrace" || type == "script")
    return script_refused("type '" + type + "'");
  if (target.find('{') != std::string::npos)
    return script_refused("a target holding '{' (a bpftrace script)");
  if (type == "uprobe" || type == "uretprobe") {
    spec.probe_type = type == "uprobe" ? ProbeType::Entry : ProbeType::Return;
    if (!split_target(target, true, spec.library, spec.target))
      return json_error(type + " target must be \"library:function\", e.g. "
                               "\"c:malloc\"");
  } else if (type == "usdt") {
    spec.probe_type = ProbeType::Usdt;
    if (!split_target(target, false, spec.library, spec.target))
      return json_error("usdt target must be \"binary:probe\" or "
                        "\"binary:provider:probe\"");
  } else {
    return apply_probe_type(type, target, spec);
  }
  return Ok{};
}

// filters: the session's scope, and "filter", a trace.py filter
// expression (the program's own "filter" key says the same).
Result<void> read_filters(const json& filters, SessionOptions& o,
                          std::optional<Expression>& filter) {
  if (!filters.is_object())
    return wrong_type("filters", "an object");
  for (const auto& [key, value] : filters.items()) {
    std::string name = "filters." + key;
    // clang-format off
    if (key == "process" || key == "comm") { SCTRACE_TRY_ASSIGN(v, get_string(value, name)); o.process_name = v; }
    else if (key == "filter") { SCTRACE_TRY_ASSIGN(v, get_expression(value, name)); filter = v; }
    else if (key == "pid") { SCTRACE_TRY_ASSIGN(v, get_int64(value, name)); o.pid = v; }
    else if (key == "tid") { SCTRACE_TRY_ASSIGN(v, get_int64(value, name)); o.tid = v; }
    else if (key == "uid") { SCTRACE_TRY_ASSIGN(v, get_int64(value, name)); o.uid = v; }
    else if (key == "cgroup") { SCTRACE_TRY_ASSIGN(v, get_string(value, name)); o.cgroup = v; }
    else
      return json_error("unknown key '" + name + "'; expected process (or "
                        "comm), pid, tid, uid, cgroup or filter");
    // clang-format on
  }
  return Ok{};
}

// The keys of one program that say which probe it is.
struct ProgramProbe {
  std::optional<std::string> type, target, spec;
  bool probe_keys = false;          // format, arguments or filter
  std::optional<Expression> filter; // filters.filter
};

// A trace.py spec string, parsed; its error rendered with the column.
Result<TraceSpec> read_spec_string(const std::string& text) {
  auto parsed = parse_probe(text, "spec");
  if (parsed.ok())
    return parsed;
  Error e = std::move(parsed).take_error();
  e.message = "key 'spec': " + render_diagnostic(e, text, "spec");
  e.pos.reset();
  return e;
}

Result<void> apply_program_probe(const ProgramProbe& p, TraceSpec& spec) {
  if (p.spec) {
    if (p.type || p.target || p.probe_keys)
      return json_error("give either 'spec' (a trace.py probe spec) or "
                        "'type' and 'target' (with format, arguments and "
                        "filter), not both");
    SCTRACE_TRY_ASSIGN(parsed, read_spec_string(*p.spec));
    spec = std::move(parsed);
    return Ok{};
  }
  if (!p.type)
    return json_error("key 'type' is required (kprobe, kretprobe, "
                      "tracepoint, uprobe, uretprobe, usdt or syscall), "
                      "or give a trace.py 'spec'");
  if (!p.target)
    return json_error("key 'target' is required");
  return apply_program_type(*p.type, *p.target, spec);
}

// filters.filter joins the probe's filter, given once.
Result<void> apply_filters_filter(const std::optional<Expression>& filter,
                                  TraceSpec& spec) {
  if (!filter)
    return Ok{};
  if (!spec.filter.empty())
    return json_error("the program gives a filter twice: keep either "
                      "'filters.filter' or the probe's own filter ('filter' "
                      "or the one in 'spec')");
  spec.filter = *filter;
  return Ok{};
}

// Reads one key of a program; KEY is known to be one of a program's keys.
Result<bool> read_program_key(const std::string& key, const json& value,
                              TracePlan& plan, ProgramProbe& probe,
                              std::optional<int>& duration) {
  // clang-format off
  if (key == "name" || key == "description") { SCTRACE_TRY(get_string(value, key)); }
  else if (key == "type") { SCTRACE_TRY_ASSIGN(v, get_string(value, key)); probe.type = v; }
  else if (key == "target") { SCTRACE_TRY_ASSIGN(v, get_string(value, key)); probe.target = v; }
  else if (key == "spec") { SCTRACE_TRY_ASSIGN(v, get_string(value, key)); probe.spec = v; }
  else if (key == "duration") { SCTRACE_TRY_ASSIGN(v, get_int(value, key)); duration = v; }
  else if (key == "filters") { SCTRACE_TRY(read_filters(value, plan.options, probe.filter)); }
  else if (key == "format" || key == "arguments" || key == "filter") { SCTRACE_TRY(read_spec_key(key, value, plan)); probe.probe_keys = true; }
  else if (key == "max_events") { SCTRACE_TRY(read_spec_key(key, value, plan)); }
  else return false;
  // clang-format on
  return true;
}

Result<TracePlan> read_program(const json& object) {
  if (!object.is_object())
    return json_error("an eBPF program must be a JSON object");
  TracePlan plan;
  ProgramProbe probe;
  std::optional<int> duration;
  for (const auto& [key, value] : object.items()) {
    SCTRACE_TRY_ASSIGN(known,
                       read_program_key(key, value, plan, probe, duration));
    if (!known)
      return json_error("unknown key '" + key +
                        "' in eBPF program; expected "
                        "name, type, target, spec, duration, filters, "
                        "description, format, arguments, filter or "
                        "max_events");
  }
  SCTRACE_TRY(apply_program_probe(probe, plan.spec));
  SCTRACE_TRY(apply_filters_filter(probe.filter, plan.spec));
  if (!duration)
    return json_error("key 'duration' is required (1 to 600 seconds)");
  if (*duration < 1 || *duration > max_program_duration)
    return json_error("duration must be between 1 and 600 seconds (at most "
                      "10 minutes)");
  plan.options.duration_seconds = *duration;
  SCTRACE_TRY(validate(plan.spec));
  SCTRACE_TRY(validate(plan.options));
  return plan;
}

// nlohmann may throw on corner cases (e.g. invalid UTF-8 in a string it is
// asked to convert); keep the no-throw contract.
template <typename F> Result<TracePlan> guarded(F&& read) {
  try {
    return read();
  } catch (const std::exception& e) {
    return json_error(std::string("invalid JSON trace spec: ") + e.what());
  }
}

// Adds the options that differ from their defaults to OUT.
void options_to_json(const SessionOptions& o, json& out) {
  if (o.duration_seconds != 0) {
    double whole = std::trunc(o.duration_seconds);
    if (whole == o.duration_seconds && std::fabs(whole) < 1e15)
      out["duration"] = static_cast<std::int64_t>(whole);
    else
      out["duration"] = o.duration_seconds;
  }
  if (!o.process_name.empty())
    out["process_name"] = o.process_name;
  if (o.pid)
    out["pid"] = *o.pid;
  if (o.tid)
    out["tid"] = *o.tid;
  if (o.uid)
    out["uid"] = *o.uid;
  if (!o.cgroup.empty())
    out["cgroup"] = o.cgroup;
  if (o.max_events != 0)
    out["max_events"] = o.max_events;
  if (o.kernel_stack)
    out["kernel_stack"] = true;
  if (o.user_stack)
    out["user_stack"] = true;
}

} // namespace

nlohmann::json spec_to_json(const TraceSpec& spec) {
  json out = json::object();
  out["probe_type"] = probe_type_letter(spec.probe_type);
  out["target"] = spec.target;
  if (!spec.library.empty())
    out["library"] = spec.library;
  if (spec.offset != 0)
    out["offset"] = spec.offset;
  if (!spec.format.empty())
    out["format"] = spec.format;
  if (!spec.arguments.empty()) {
    json arguments = json::array();
    for (const Expression& a : spec.arguments)
      arguments.push_back(a.text());
    out["arguments"] = std::move(arguments);
  }
  if (!spec.filter.empty())
    out["filter"] = spec.filter.text();
  return out;
}

nlohmann::json plan_to_json(const TracePlan& plan) {
  json out = spec_to_json(plan.spec);
  options_to_json(plan.options, out);
  return out;
}

Result<TracePlan> plan_from_json(const nlohmann::json& json) {
  return guarded([&] { return read_spec(json); });
}

Result<TracePlan> plan_from_ebpf_program(const nlohmann::json& json) {
  return guarded([&] { return read_program(json); });
}

} // namespace sctrace::spec
