// Request bodies as JSON objects.
//
// Contract of parse_json_object(body, out): on success `out` is the parsed
// object and the result is nullopt. Otherwise the result is the 400 reply:
// code "bad_json" for malformed JSON (an empty body included), with
// error.position = {"byte", "line", "column"} (1-based, from
// spec::parse_json_text, which also bounds the nesting depth);
// code "body_not_object" for valid JSON that is not an object.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/backend.h"

namespace sctrace::server {

std::optional<Reply> parse_json_object(std::string_view body,
                                       nlohmann::json& out);

} // namespace sctrace::server
