// JSON string literals for every JSON and JSONL output.
//
// Contract: append_json_string() appends bytes as a JSON string literal,
// quotes included. '"', '\\' and the C0 controls are escaped (\" \\ \n \t
// \r \b \f, others \u00XX); valid UTF-8 passes through unchanged (no
// \uXXXX for non-ASCII); each byte of an invalid UTF-8 sequence (overlong,
// surrogate, above U+10FFFF, truncated, stray continuation) becomes U+FFFD.
// The result is always valid UTF-8 and valid JSON.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sctrace::output {

void append_json_string(std::string& out, std::string_view bytes);

// The most bytes put_json_string() writes for N bytes: every byte may
// become a 6-byte \u00XX, plus the quotes.
constexpr std::size_t json_string_bound(std::size_t n) {
  return 6 * n + 2;
}

// append_json_string()'s literal, written at P (which has room for
// json_string_bound(bytes.size()) bytes); returns the end of what it
// wrote. The same bytes as append_json_string().
char* put_json_string(char* p, std::string_view bytes);

} // namespace sctrace::output
