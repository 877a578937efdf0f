// JSON text from untrusted sources (a request body, --input FILE, stdin)
// parsed into nlohmann::json, the one way sctrace does it.
//
// Contract of parse_json_text(text, source):
//  - Never throws and never recurses deeper than max_json_depth: nesting
//    beyond it is refused before nlohmann's recursive parser sees it.
//  - Errors are ErrorKind::Syntax with the position (line and column,
//    1-based, in bytes) and the byte offset in the message:
//    "SOURCE:LINE:COLUMN: malformed JSON at byte N: WHY".
//  - Invalid UTF-8 inside strings is refused (nlohmann's rule), so every
//    parsed string can be written back as JSON.
//  - On an error, *error_offset (when given) is set to the byte offset.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "util/result.h"

namespace sctrace::spec {

inline constexpr int max_json_depth = 64;

Result<nlohmann::json> parse_json_text(std::string_view text,
                                       std::string_view source,
                                       std::size_t* error_offset = nullptr);

// Line and column (1-based) of byte OFFSET in TEXT.
SourcePos json_position(std::string_view text, std::size_t offset);

} // namespace sctrace::spec
