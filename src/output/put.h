// Writing into a caller's char buffer, for output that assembles a fixed
// part of a record (keys, numbers, a timestamp) on the stack and appends it
// to its string once instead of piece by piece.
//
// Contract: the caller provides the room (a literal's length, at most
// kMaxIntChars for an integer); each function returns the end of what it
// wrote. Numbers are std::to_chars' decimal text (no locale).
#pragma once

#include <charconv>
#include <cstddef>
#include <cstring>

namespace sctrace::output {

inline constexpr std::size_t kMaxIntChars = 20; // -9223372036854775808

// LITERAL without its NUL.
template <std::size_t N> char* put(char* out, const char (&literal)[N]) {
  std::memcpy(out, literal, N - 1);
  return out + N - 1;
}

template <typename Int> char* put_int(char* out, Int value) {
  return std::to_chars(out, out + kMaxIntChars, value).ptr;
}

} // namespace sctrace::output
