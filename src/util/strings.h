// Small string helpers shared by every sctrace library. Output
// formatting (JSON, CSV, escaping, numbers, timestamps) is in src/output/.
#pragma once

#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace sctrace::util {

// Splits on every occurrence of sep; "a,,b" gives {"a", "", "b"}.
std::vector<std::string> split(std::string_view text, char sep);

std::string_view trim(std::string_view text);

// Levenshtein distance between two names.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to max names from candidates closest to name (edit distance, then
// substring matches), best first. Used for "did you mean" hints.
std::vector<std::string>
closest_names(std::string_view name, const std::vector<std::string>& candidates,
              std::size_t max = 3);

// Length of the valid UTF-8 sequence starting at s[i] (1 for ASCII), or 0
// when it is invalid: overlong, a surrogate, above U+10FFFF or truncated.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

// The value of a hex digit (0-9, a-f, A-F), or -1 for any other char.
int hex_value(char c);

// Appends an integer in decimal (no allocation beyond the append).
template <typename Int> void append_int(std::string& out, Int value) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, res.ptr);
}

// Joins with a separator.
std::string join(const std::vector<std::string>& parts, std::string_view sep);

} // namespace sctrace::util
