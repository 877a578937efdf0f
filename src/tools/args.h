// Argument checks shared by the MCP tools, before anything reaches the
// remote layer's readers (which check the rest): the arguments are an
// object of known keys, the duration is an integer 1..300, a pid target
// names a live process.
//
// Contract: each check returns an Error of kind Invalid (or NotFound for
// a pid that is not alive) whose message names the key, what was wrong
// and what is expected. Never throws.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/result.h"

namespace sctrace::tools {

inline constexpr int kMaxToolDuration = 300;

// args is an object whose keys are all in known.
Result<void> check_keys(const nlohmann::json& args,
                        const std::vector<std::string>& known);

// args[key] is a string (when present; required: it must be).
Result<std::optional<std::string>> read_string(const nlohmann::json& args,
                                               const std::string& key,
                                               bool required = false);

// args[key] an integer in [min, max]; def when absent.
Result<long long> read_integer(const nlohmann::json& args,
                               const std::string& key, long long min,
                               long long max, long long def);

// args["duration"]: an integer 1..300 seconds, 30 when absent.
Result<int> read_duration(const nlohmann::json& args);

// target.pid / target.pids name live processes (/proc/PID exists); the
// trace tool passes its arguments (a "pid" filter) the same way.
Result<void> check_target_alive(const nlohmann::json& target);

} // namespace sctrace::tools
