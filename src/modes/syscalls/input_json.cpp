// The trace_syscalls JSON input read into SyscallsOptions
// (modes/syscalls/input_json.h).
#include "modes/syscalls/input_json.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "gen/syscall_table.h"
#include "targets/selection.h"
#include "util/strings.h"

namespace sctrace::syscalls {
namespace {

using nlohmann::json;

// The style of spec/json.cpp's readers: "key 'K' must be ...".
Error json_error(std::string message) {
  return make_error(ErrorKind::Invalid, std::move(message));
}

Error wrong_type(std::string_view key, std::string_view expected) {
  return json_error("key '" + std::string(key) + "' must be " +
                    std::string(expected));
}

Result<bool> get_bool(const json& value, std::string_view key) {
  if (!value.is_boolean())
    return wrong_type(key, "a boolean");
  return value.get<bool>();
}

// An integer in [min, max]; UNIT ("seconds") follows the range.
Result<std::int64_t> get_int(const json& value, std::string_view key,
                             std::int64_t min, std::int64_t max,
                             std::string_view unit = "") {
  if (!value.is_number_integer())
    return wrong_type(key, "an integer");
  bool too_big = value.is_number_unsigned() &&
                 value.get<std::uint64_t>() > std::uint64_t(max);
  if (too_big || value.get<std::int64_t>() < min ||
      value.get<std::int64_t>() > max) {
    std::string range =
        max == std::numeric_limits<std::int64_t>::max()
            ? "at least " + std::to_string(min)
            : "between " + std::to_string(min) + " and " + std::to_string(max);
    return json_error("key '" + std::string(key) + "' must be " + range +
                      (unit.empty() ? "" : " " + std::string(unit)) + ", not " +
                      value.dump());
  }
  return value.get<std::int64_t>();
}

// A string (NONEMPTY: not "") of at most MAX_BYTES bytes, without NUL
// bytes (no command line can carry one; the kernel would cut it there).
Result<std::string> get_string(const json& value, std::string_view key,
                               bool nonempty = false) {
  if (!value.is_string())
    return wrong_type(key, "a string");
  const auto& s = value.get_ref<const std::string&>();
  if (s.find('\0') != std::string::npos)
    return json_error("key '" + std::string(key) +
                      "' holds a NUL byte (\\u0000); remove it");
  if (nonempty && s.empty())
    return json_error("key '" + std::string(key) + "' must not be empty");
  return s;
}

// A process name: the kernel keeps 15 bytes of one, so a longer name
// could never match.
Result<std::string> get_comm(const json& value) {
  SCTRACE_TRY_ASSIGN(comm, get_string(value, "target.comm", true));
  if (comm.size() > 15)
    return json_error("key 'target.comm' must be 1 to 15 bytes, not " +
                      std::to_string(comm.size()) +
                      ": the kernel keeps only 15 bytes of a process name, "
                      "so it could never match; use the first 15 (" +
                      comm.substr(0, 15) + ")");
  return comm;
}

// A non-empty array; each item read by READ(item, "KEY[i]").
template <typename T, typename F>
Result<std::vector<T>> get_array(const json& value, std::string_view key,
                                 std::string_view expected, F&& read) {
  if (!value.is_array())
    return wrong_type(key, expected);
  if (value.empty())
    return json_error("key '" + std::string(key) + "' must be " +
                      std::string(expected) + " with at least one item");
  std::vector<T> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    SCTRACE_TRY_ASSIGN(
        item, read(value[i], std::string(key) + "[" + std::to_string(i) + "]"));
    out.push_back(std::move(item));
  }
  return out;
}

Result<std::vector<std::int64_t>> get_pids(const json& value) {
  auto pid = [](const json& v, const std::string& k) {
    return get_int(v, k, 1, std::numeric_limits<std::int64_t>::max());
  };
  SCTRACE_TRY_ASSIGN(
      pids, get_array<std::int64_t>(value, "target.pids",
                                    "an array of process ids (integers)", pid));
  std::set<std::int64_t> seen;
  for (auto p : pids)
    if (!seen.insert(p).second)
      return json_error("key 'target.pids' holds " + std::to_string(p) +
                        " twice; give each process id once");
  return pids;
}

const char* const kTargetKeys =
    "pid, pids, comm, container, cgroup, all or command";

// Reads one key of "target" into T; false when KEY is not a target key.
Result<bool> read_target_key(const std::string& key, const json& value,
                             targets::TargetOptions& t) {
  std::string k = "target." + key;
  auto any = [](const json& v, const std::string& n) {
    return get_string(v, n);
  };
  // clang-format off
  if (key == "pid") { SCTRACE_TRY_ASSIGN(v, get_int(value, k, 1, std::numeric_limits<std::int64_t>::max())); t.pids = {v}; }
  else if (key == "pids") { SCTRACE_TRY_ASSIGN(v, get_pids(value)); t.pids = v; }
  else if (key == "comm") { SCTRACE_TRY_ASSIGN(v, get_comm(value)); t.comm = v; }
  else if (key == "container") { SCTRACE_TRY_ASSIGN(v, get_string(value, k, true)); t.container = v; }
  else if (key == "cgroup") { SCTRACE_TRY_ASSIGN(v, get_string(value, k, true)); t.cgroup = v; }
  else if (key == "all") { if (value != json(true)) return wrong_type(k, "true"); t.all = true; }
  else if (key == "command") { SCTRACE_TRY_ASSIGN(v, get_array<std::string>(value, k, "an array of strings (argv)", any)); t.command = v; }
  else return false;
  // clang-format on
  return true;
}

Result<targets::TargetOptions> read_target(const json& value) {
  if (!value.is_object())
    return wrong_type("target",
                      std::string("an object with one of ") + kTargetKeys);
  targets::TargetOptions t;
  for (const auto& [key, item] : value.items()) {
    SCTRACE_TRY_ASSIGN(known, read_target_key(key, item, t));
    if (!known)
      return json_error("unknown key 'target." + key + "'; expected " +
                        kTargetKeys);
  }
  if (value.size() != 1)
    return json_error("key 'target' must have exactly one of " +
                      std::string(kTargetKeys) + ", not " +
                      std::to_string(value.size()) + " properties");
  return t;
}

// The schema's syscall_selector pattern: "!"? then "%class" or a name or
// glob of [a-z0-9_*?[]].
bool selector_matches_schema(std::string_view s) {
  static constexpr std::array<std::string_view, 18> kClasses = {
      "file",  "process", "network", "net",    "signal",  "ipc",
      "desc",  "memory",  "creds",   "clock",  "pure",    "stat",
      "lstat", "fstat",   "%stat",   "statfs", "fstatfs", "%statfs"};
  if (s.starts_with('!'))
    s.remove_prefix(1);
  if (s.starts_with('%'))
    return std::find(kClasses.begin(), kClasses.end(), s.substr(1)) !=
           kClasses.end();
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("_*?[]").find(c) != std::string_view::npos;
  });
}

Result<std::string> get_selector(const json& value, const std::string& key) {
  SCTRACE_TRY_ASSIGN(s, get_string(value, key));
  if (!selector_matches_schema(s))
    return json_error("key '" + key + "' is '" + s +
                      "', not a syscall selector: give a name (openat), a "
                      "glob of a-z 0-9 _ * ? [] (open*), a class (%file, "
                      "%network, %process, %signal, %ipc, %desc, %memory, "
                      "%creds, %clock, %pure, %stat, ...), each with an "
                      "optional leading '!' to exclude it");
  return s;
}

// The syscall numbers of a list of items; every syscall when it is empty.
Result<std::set<int>> selected(const std::vector<std::string>& items) {
  std::set<int> out;
  if (!items.empty()) {
    SCTRACE_TRY_ASSIGN(ids, targets::parse_selection(util::join(items, ",")));
    out.insert(ids.begin(), ids.end());
  }
  if (out.empty()) // parse_selection's "everything"
    for (const auto& e : gen::syscall_table())
      out.insert(e.number);
  return out;
}

// The -e trace= selection of the selectors: "trace=a,b" for plain items,
// "trace=!a,b" for '!' items alone, and the names of the plain items'
// syscalls without the '!' items' when both are given.
Result<std::string> read_selection(const json& value) {
  SCTRACE_TRY_ASSIGN(all,
                     get_array<std::string>(value, "syscalls",
                                            "an array of syscall selectors "
                                            "(strings)",
                                            get_selector));
  std::vector<std::string> plain, excluded;
  for (const std::string& s : all)
    (s.starts_with('!') ? excluded : plain)
        .push_back(s.starts_with('!') ? s.substr(1) : s);
  if (excluded.empty())
    return "trace=" + util::join(plain, ",");
  if (plain.empty())
    return "trace=!" + util::join(excluded, ",");
  SCTRACE_TRY_ASSIGN(in, selected(plain));
  SCTRACE_TRY_ASSIGN(out, selected(excluded));
  std::vector<std::string> names;
  for (const auto& e : gen::syscall_table())
    if (in.count(e.number) && !out.count(e.number))
      names.push_back(e.name);
  if (names.empty())
    return json_error("key 'syscalls' selects no syscall: the '!' items "
                      "exclude every syscall the others select");
  return "trace=" + util::join(names, ",");
}

Result<std::string> read_format(const json& value) {
  SCTRACE_TRY_ASSIGN(f, get_string(value, "format"));
  if (f != "text" && f != "json" && f != "jsonl" && f != "csv")
    return json_error("key 'format' must be one of \"text\", \"json\", "
                      "\"jsonl\" or \"csv\", not \"" +
                      f + "\"");
  return f;
}

// The largest min_duration_us whose nanoseconds fit in 64 bits.
constexpr std::int64_t kMaxMinDurationUs =
    std::numeric_limits<std::int64_t>::max() / 1000;

// Reads one top-level key into IN; false when KEY is not one.
Result<bool> read_key(const std::string& key, const json& value,
                      SyscallsInput& in) {
  SyscallsOptions& o = in.options;
  // clang-format off
  if (key == "target") { SCTRACE_TRY_ASSIGN(v, read_target(value)); o.target = v; }
  else if (key == "syscalls") { SCTRACE_TRY_ASSIGN(v, read_selection(value)); o.selection = v; }
  else if (key == "duration") { SCTRACE_TRY_ASSIGN(v, get_int(value, key, 1, 300, "seconds")); o.duration_seconds = double(v); }
  else if (key == "format") { SCTRACE_TRY_ASSIGN(v, read_format(value)); in.format = v; }
  else if (key == "only_success") { SCTRACE_TRY_ASSIGN(v, get_bool(value, key)); o.only_success = v; }
  else if (key == "only_failed") { SCTRACE_TRY_ASSIGN(v, get_bool(value, key)); o.only_failed = v; }
  else if (key == "min_duration_us") { SCTRACE_TRY_ASSIGN(v, get_int(value, key, 0, kMaxMinDurationUs, "microseconds")); o.min_duration_ns = std::uint64_t(v) * 1000; }
  else if (key == "string_size") { SCTRACE_TRY_ASSIGN(v, get_int(value, key, 8, 4096, "bytes")); o.string_size = int(v); }
  else return false;
  // clang-format on
  return true;
}

Result<SyscallsInput> read_input(const json& object) {
  if (!object.is_object())
    return json_error("the trace_syscalls input must be a JSON object, "
                      "e.g. {\"target\": {\"pid\": 1234}}");
  SyscallsInput in;
  in.options.selection = "trace=openat"; // the schema's defaults
  in.options.duration_seconds = 30;
  for (const auto& [key, value] : object.items()) {
    SCTRACE_TRY_ASSIGN(known, read_key(key, value, in));
    if (!known)
      return json_error("unknown key '" + key +
                        "'; expected target, syscalls, duration, format, "
                        "only_success, only_failed, min_duration_us or "
                        "string_size");
  }
  if (!object.contains("target"))
    return json_error("key 'target' is required: what to trace, one of " +
                      std::string(kTargetKeys) +
                      ", e.g. {\"target\": {\"pid\": 1234}}");
  if (in.options.only_success && in.options.only_failed)
    return json_error("keys 'only_success' and 'only_failed' exclude each "
                      "other (no call both succeeds and fails); set one");
  return in;
}

} // namespace

Result<SyscallsInput> syscalls_input_from_json(const nlohmann::json& json) {
  try {
    return read_input(json);
  } catch (const std::exception& e) {
    return json_error(std::string("invalid trace_syscalls input: ") + e.what());
  }
}

} // namespace sctrace::syscalls
