// Remote inputs of the syscalls, slow, count and latency modes
// (mode_inputs.h).
#include "remote/mode_inputs.h"

#include <type_traits>

#include "modes/syscalls/input_json.h"

namespace sctrace::remote {

using nlohmann::json;

namespace {

Error invalid(std::string message) {
  return make_error(ErrorKind::Invalid, std::move(message));
}

// Seed 000's part of INPUT (EXTRA keys removed) read as the syscalls
// mode's options; every syscall when the input names none and ALL is set.
Result<syscalls::SyscallsOptions>
seed_part(const json& input, const std::vector<std::string>& extra,
          bool all_by_default, const engine::Environment& env) {
  if (!input.is_object())
    return invalid("key 'input' must be an object");
  json seed = input;
  for (const auto& key : extra)
    seed.erase(key);
  SCTRACE_TRY_ASSIGN(read, syscalls::syscalls_input_from_json(seed));
  syscalls::SyscallsOptions o = std::move(read.options);
  if (!o.target.command.empty())
    return make_error(ErrorKind::Permission,
                      "a remote request cannot start a command "
                      "(target.command): sctrace never runs what a remote "
                      "peer sends; trace a running process by pid, comm, "
                      "container or cgroup instead");
  if (all_by_default && !input.contains("syscalls"))
    o.selection.clear();
  o.bpftrace = env.bpftrace;
  o.bpftrace_version = env.version;
  return o;
}

template <typename T>
Result<void> read_key(const json& input, const char* key, T& out,
                      const char* type) {
  if (!input.contains(key))
    return Ok{};
  const json& v = input.at(key);
  bool ok = std::is_same_v<T, bool> ? v.is_boolean() : v.is_number();
  if (!ok)
    return invalid(std::string("key 'input.") + key + "' must be " + type);
  out = v.get<T>();
  return Ok{};
}

Result<std::vector<std::string>> read_threshold(const json& input) {
  if (!input.contains("threshold"))
    return std::vector<std::string>{};
  const json& v = input.at("threshold");
  if (!v.is_string())
    return invalid("key 'input.threshold' must be a string such as "
                   "\"10ms\" or \"5ms,read=50ms\"");
  return std::vector<std::string>{v.get<std::string>()};
}

} // namespace

Result<syscalls::SyscallsOptions>
syscalls_input(const json& input, const engine::Environment& env) {
  return seed_part(input, {}, false, env);
}

Result<syscalls::SyscallsOptions> slow_input(const json& input,
                                             const engine::Environment& env) {
  SCTRACE_TRY_ASSIGN(o, seed_part(input, {"threshold"}, true, env));
  SCTRACE_TRY_ASSIGN(specs, read_threshold(input));
  SCTRACE_TRY_ASSIGN(thresholds, syscalls::parse_thresholds(specs));
  o.thresholds = std::move(thresholds);
  o.resolve_fds = true;
  return o;
}

Result<stats::StatsOptions> stats_input(const std::string& mode,
                                        const json& input,
                                        const engine::Environment& env) {
  const bool count = mode == "count";
  std::vector<std::string> extra{"interval"};
  if (count)
    extra.insert(extra.end(), {"per_process", "only_failed"});
  for (const char* key :
       {"only_success", "min_duration_us", "string_size", "format"})
    if (input.is_object() && input.contains(key))
      return invalid(std::string("key 'input.") + key + "' does not apply to " +
                     mode +
                     "; its keys are target, syscalls, duration, "
                     "interval" +
                     (count ? ", per_process, only_failed" : ""));
  SCTRACE_TRY_ASSIGN(seed, seed_part(input, extra, true, env));
  stats::StatsOptions o;
  o.kind = count ? gen::StatsKind::Count : gen::StatsKind::Latency;
  o.target = seed.target;
  o.selection = seed.selection;
  o.duration_seconds = seed.duration_seconds;
  o.bpftrace = seed.bpftrace;
  o.bpftrace_version = seed.bpftrace_version;
  SCTRACE_TRY(read_key(input, "interval", o.interval_seconds, "a number"));
  if (o.interval_seconds < 0 || o.interval_seconds > o.duration_seconds)
    return invalid("key 'input.interval' must be between 0 (the total only) "
                   "and the duration");
  if (count) {
    SCTRACE_TRY(read_key(input, "per_process", o.per_process, "a boolean"));
    SCTRACE_TRY(read_key(input, "only_failed", o.only_failed, "a boolean"));
  }
  return o;
}

} // namespace sctrace::remote
