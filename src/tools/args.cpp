// Argument checks of the MCP tools (args.h).
#include "tools/args.h"

#include <sys/stat.h>

#include <algorithm>

namespace sctrace::tools {

using nlohmann::json;

namespace {

Error invalid(std::string message) {
  return make_error(ErrorKind::Invalid, std::move(message));
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names)
    out += (out.empty() ? "" : ", ") + n;
  return out;
}

bool pid_alive(long long pid) {
  struct stat st;
  return pid > 0 && ::stat(("/proc/" + std::to_string(pid)).c_str(), &st) == 0;
}

Result<void> check_pid(const json& pid) {
  if (!pid.is_number_integer())
    return Ok{}; // the input reader names the type
  long long p = pid.get<long long>();
  if (p > 0 && !pid_alive(p))
    return make_error(ErrorKind::NotFound,
                      "process " + std::to_string(p) +
                          " does not exist (no /proc/" + std::to_string(p) +
                          "); a pid target must be alive when the trace "
                          "starts");
  return Ok{};
}

} // namespace

Result<void> check_keys(const json& args,
                        const std::vector<std::string>& known) {
  if (!args.is_object())
    return invalid("the arguments must be a JSON object; known keys: " +
                   joined(known));
  for (const auto& [key, value] : args.items())
    if (std::find(known.begin(), known.end(), key) == known.end())
      return invalid("unknown argument '" + key + "'; known: " + joined(known));
  return Ok{};
}

Result<std::optional<std::string>>
read_string(const json& args, const std::string& key, bool required) {
  auto it = args.find(key);
  if (it == args.end()) {
    if (required)
      return invalid("argument '" + key + "' is required (a string)");
    return std::optional<std::string>{};
  }
  if (!it->is_string())
    return invalid("argument '" + key + "' must be a string, not " +
                   std::string(it->type_name()));
  return std::optional<std::string>{it->get<std::string>()};
}

Result<long long> read_integer(const json& args, const std::string& key,
                               long long min, long long max, long long def) {
  auto it = args.find(key);
  if (it == args.end())
    return def;
  if (!it->is_number_integer())
    return invalid("argument '" + key + "' must be an integer, not " +
                   std::string(it->type_name()));
  long long v = it->is_number_unsigned()
                    ? static_cast<long long>(std::min<std::uint64_t>(
                          it->get<std::uint64_t>(), 1ull << 62))
                    : it->get<long long>();
  if (v < min || v > max)
    return invalid("argument '" + key + "' is " + std::to_string(v) +
                   "; it must be between " + std::to_string(min) + " and " +
                   std::to_string(max));
  return v;
}

Result<int> read_duration(const json& args) {
  SCTRACE_TRY_ASSIGN(d,
                     read_integer(args, "duration", 1, kMaxToolDuration, 30));
  return static_cast<int>(d);
}

Result<void> check_target_alive(const json& target) {
  if (!target.is_object())
    return Ok{};
  if (target.contains("pid"))
    SCTRACE_TRY(check_pid(target["pid"]));
  if (target.contains("pids") && target["pids"].is_array())
    for (const auto& p : target["pids"])
      SCTRACE_TRY(check_pid(p));
  return Ok{};
}

} // namespace sctrace::tools
