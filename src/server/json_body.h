// Request bodies as JSON objects.
//
// Contract of parse_json_object(body, out): on success `out` is the parsed
// object and the result is nullopt. Otherwise the result is the 400 reply:
// code "bad_json" for malformed JSON (an empty body included), with
// error.position = {"byte", "line", "column"} (1-based, from
// nlohmann's parse_error byte; line and column counted in bytes up to it);
// code "body_not_object" for valid JSON that is not an object.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/backend.h"

namespace sctrace::server {

struct TextPosition {
  std::size_t line = 1, column = 1;
};
// Line and column of the 1-based byte position `byte` in text (a position
// past the end is where the next byte would be).
TextPosition position_of(std::string_view text, std::size_t byte);

std::optional<Reply> parse_json_object(std::string_view body,
                                       nlohmann::json& out);

} // namespace sctrace::server
