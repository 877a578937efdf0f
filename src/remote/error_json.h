// Errors as remote clients see them: {"code", "message", "hint"} (and
// "line", "column" when the error has a position), the shape every
// response of sctrace serve and sctrace request uses.
//
// Contract: code is a stable snake_case word chosen by the error's kind
// (error_code); message is the Error's message; hint says what to do
// next in general terms for that kind. Never throws.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "util/result.h"

namespace sctrace::remote {

// "bad_spec", "invalid", "not_found", "refused_by_policy", "unsupported",
// "system", "bpftrace_failed" or "io".
std::string error_code(ErrorKind kind);

nlohmann::json error_json(const Error& e);
nlohmann::json error_json(std::string code, std::string message,
                          std::string hint);

} // namespace sctrace::remote
