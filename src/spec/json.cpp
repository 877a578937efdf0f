// JSON conversion of TraceSpec, TracePlan and seed ebpf_programs
// (spec/json.h).
#include "spec/json.h"

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

// An expression text, parsed (spec/expr.h); "" is no expression.
Result<Expression> get_expression(const json& value, std::string_view key) {
  SCTRACE_TRY_ASSIGN(text, get_string(value, key));
  if (text.empty())
    return Expression();
  return detail::parse_unpositioned(text);
}

Result<std::vector<Expression>> get_expressions(const json& value,
                                                std::string_view key) {
  SCTRACE_TRY_ASSIGN(texts, get_strings(value, key));
  std::vector<Expression> out;
  for (const std::string& text : texts) {
    SCTRACE_TRY_ASSIGN(e, detail::parse_unpositioned(text));
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

Result<void> apply_program_type(const std::string& type,
                                const std::string& target, TraceSpec& spec) {
  if (type == "kprobe" || type == "kretprobe") {
    spec.probe_type = type == "kprobe" ? ProbeType::Entry : ProbeType::Return;
    spec.target = target;
  } else if (type == "tracepoint") {
    spec.probe_type = ProbeType::Tracepoint;
    if (!split_target(target, false, spec.library, spec.target) ||
        spec.target.find(':') != std::string::npos)
      return json_error("tracepoint target must be \"category:event\", e.g. "
                        "\"syscalls:sys_enter_openat\"");
  } else if (type == "uprobe" || type == "uretprobe") {
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
    return json_error("key 'type' must be one of kprobe, kretprobe, "
                      "tracepoint, uprobe, uretprobe or usdt");
  }
  return Ok{};
}

Result<void> read_filters(const json& filters, SessionOptions& o) {
  if (!filters.is_object())
    return wrong_type("filters", "an object");
  for (const auto& [key, value] : filters.items()) {
    std::string name = "filters." + key;
    // clang-format off
    if (key == "process") { SCTRACE_TRY_ASSIGN(v, get_string(value, name)); o.process_name = v; }
    else if (key == "pid") { SCTRACE_TRY_ASSIGN(v, get_int64(value, name)); o.pid = v; }
    else if (key == "tid") { SCTRACE_TRY_ASSIGN(v, get_int64(value, name)); o.tid = v; }
    else if (key == "uid") { SCTRACE_TRY_ASSIGN(v, get_int64(value, name)); o.uid = v; }
    else if (key == "cgroup") { SCTRACE_TRY_ASSIGN(v, get_string(value, name)); o.cgroup = v; }
    else
      return json_error("unknown key '" + name + "'; expected process, pid, "
                        "tid, uid or cgroup");
    // clang-format on
  }
  return Ok{};
}

Result<TracePlan> read_program(const json& object) {
  if (!object.is_object())
    return json_error("an eBPF program must be a JSON object");
  TracePlan plan;
  std::string type;
  std::string target;
  std::optional<int> duration;
  bool has_type = false, has_target = false;
  for (const auto& [key, value] : object.items()) {
    // clang-format off
    if (key == "name" || key == "description") { SCTRACE_TRY(get_string(value, key)); }
    else if (key == "type") { SCTRACE_TRY_ASSIGN(v, get_string(value, key)); type = v; has_type = true; }
    else if (key == "target") { SCTRACE_TRY_ASSIGN(v, get_string(value, key)); target = v; has_target = true; }
    else if (key == "duration") { SCTRACE_TRY_ASSIGN(v, get_int(value, key)); duration = v; }
    else if (key == "filters") { SCTRACE_TRY(read_filters(value, plan.options)); }
    else if (key == "format" || key == "arguments" || key == "filter" || key == "max_events") { SCTRACE_TRY(read_spec_key(key, value, plan)); }
    else
      return json_error("unknown key '" + key + "' in eBPF program; expected "
                        "name, type, target, duration, filters, description, "
                        "format, arguments, filter or max_events");
    // clang-format on
  }
  if (!has_type)
    return json_error("key 'type' is required (kprobe, kretprobe, "
                      "tracepoint, uprobe, uretprobe or usdt)");
  if (!has_target)
    return json_error("key 'target' is required");
  if (!duration)
    return json_error("key 'duration' is required (1 to 600 seconds)");
  if (*duration < 1 || *duration > max_program_duration)
    return json_error("duration must be between 1 and 600 seconds (at most "
                      "10 minutes)");
  plan.options.duration_seconds = *duration;
  SCTRACE_TRY(apply_program_type(type, target, plan.spec));
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
