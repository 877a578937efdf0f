// A small cursor over one line of bpftrace's `-f json` output.
//
// bpftrace's JSON is not quite JSON: its escaper tests `c <= 0x1f` on a
// signed char, so every byte >= 0x80 comes out as `\uffffffXX`, and 0x7f and
// some raw bytes pass unescaped. Standard parsers either reject that or read
// U+FFFF followed by text. This scanner decodes strings to the exact bytes
// the kernel had:
//  - `\uffffffXX` -> the single byte 0xXX;
//  - `\" \\ \/ \b \f \n \r \t` as usual;
//  - `\uXXXX` -> UTF-8 (surrogate pairs joined; a lone surrogate -> U+FFFD);
//  - any other raw byte is kept as is.
// Numbers are integers only (`-?[0-9]+`, at most 64 bits).
//
// No function throws or reads past the input; every reader returns false on
// malformed input and leaves the cursor somewhere inside the line.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace sctrace::events {

class JsonCursor {
public:
  explicit JsonCursor(std::string_view text) : text_(text) {}

  void skip_ws() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  // Skips whitespace, then consumes c if it is next.
  bool consume(char c) {
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  // Skips whitespace; the next character or '\0' at the end.
  char peek() {
    skip_ws();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  bool at_end() {
    skip_ws();
    return pos_ >= text_.size();
  }
  std::size_t position() const { return pos_; }
  // Moves past n bytes the caller has already matched.
  void skip(std::size_t n) { pos_ = std::min(pos_ + n, text_.size()); }
  // Moves to byte POS the caller has scanned up to (at most the end).
  void seek(std::size_t pos) { pos_ = std::min(pos, text_.size()); }

  // Where read_string left a decoded string: a string without escapes is a
  // slice of the input (in_arena false, nothing copied); otherwise its
  // decoded bytes were appended to the caller's arena. Offsets rather than
  // views, because the arena may reallocate while more strings are read.
  struct StringRef {
    bool in_arena = false;
    std::size_t offset = 0; // into the input or into arena
    std::size_t length = 0;
  };
  bool read_string(std::string& arena, StringRef& ref);

  // Reads a string and appends its decoded bytes to out.
  bool read_string_into(std::string& out);

  // Reads `-?[0-9]+` that fits in 64 bits (negative down to -2^63, positive
  // up to 2^64-1) as two's complement bits; text is the token.
  bool read_integer(std::uint64_t& bits, bool& negative,
                    std::string_view& text);

  // Skips any JSON value (used for fields we do not interpret).
  bool skip_value(int depth = 0);

  std::string_view text() const { return text_; }

private:
  bool decode_escape(std::string& out);

  std::string_view text_;
  std::size_t pos_ = 0;
};

// The value (mod 2^64) and count of the ASCII digits at S, which the
// caller knows stop before the end of its buffer (a line that ends in a
// non-digit): no bounds check. Unsigned bytes and a pointer make the
// tightest loop (no sign extension or index arithmetic per digit).
inline std::size_t scan_digits(const char* s, std::uint64_t& value) {
  const auto* const first = reinterpret_cast<const unsigned char*>(s);
  const unsigned char* p = first;
  std::uint64_t v = 0;
  for (unsigned d = *p - 0x30u; d < 10; d = *++p - 0x30u)
    v = v * 10 + d;
  value = v;
  return static_cast<std::size_t>(p - first);
}

// Rewrites a bpftrace JSON line into standard JSON: every string is decoded
// as above and re-encoded with output::append_json_string (invalid UTF-8 ->
// U+FFFD); everything outside strings is copied. Returns false when a string
// is unterminated or has a bad escape. The result is for nlohmann::json.
bool normalize_json(std::string_view line, std::string& out);

} // namespace sctrace::events
