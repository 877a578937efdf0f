// JSON string literals (json.h).
#include "output/json.h"

#include <cstdint>
#include <cstring>

#include "output/escape.h"
#include "util/strings.h"

namespace sctrace::output {

namespace {

const char kHex[] = "0123456789abcdef";

// The escape of an ASCII byte that JSON does not take raw, at P (room
// for 6 bytes); returns its end.
char* put_json_escape(char* p, unsigned char c) {
  const char* short_escape = nullptr;
  switch (c) {
  case '"':
    short_escape = "\\\"";
    break;
  case '\\':
    short_escape = "\\\\";
    break;
  case '\n':
    short_escape = "\\n";
    break;
  case '\t':
    short_escape = "\\t";
    break;
  case '\r':
    short_escape = "\\r";
    break;
  case '\b':
    short_escape = "\\b";
    break;
  case '\f':
    short_escape = "\\f";
    break;
  default:
    std::memcpy(p, "\\u00", 4);
    p[4] = kHex[c >> 4];
    p[5] = kHex[c & 0xF];
    return p + 6;
  }
  p[0] = short_escape[0];
  p[1] = short_escape[1];
  return p + 2;
}

// True when byte C is copied as is: printable ASCII but '"' and '\\'.
inline bool plain(unsigned char c) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

// True when one of the 8 bytes of W is not plain(): below 0x20, '"', '\\'
// or 0x80 and above (exact as a whole, by the "has a byte less than N"
// word tricks; which byte it is, the caller finds bytewise).
inline bool word_needs_care(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  const std::uint64_t quote = w ^ (kOnes * '"');
  const std::uint64_t backslash = w ^ (kOnes * '\\');
  const std::uint64_t below_space = (w - kOnes * 0x20) & ~w;
  const std::uint64_t is_quote = (quote - kOnes) & ~quote;
  const std::uint64_t is_backslash = (backslash - kOnes) & ~backslash;
  return ((below_space | is_quote | is_backslash | w) & kHigh) != 0;
}

// The end of the run of plain() bytes of S that starts at I: 8 bytes at a
// time while no byte needs care, then bytewise.
inline std::size_t plain_run_end(std::string_view s, std::size_t i) {
  const std::size_t n = s.size();
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (word_needs_care(w))
      break;
    i += 8;
  }
  while (i < n && plain(static_cast<unsigned char>(s[i])))
    ++i;
  return i;
}

} // namespace

void append_json_string(std::string& out, std::string_view s) {
  // Fast path: nothing to escape, one append between the quotes.
  if (plain_run_end(s, 0) == s.size()) {
    out.push_back('"');
    out.append(s);
    out.push_back('"');
    return;
  }
  const std::size_t start = out.size();
  out.resize(start + json_string_bound(s.size()));
  char* end = put_json_string(out.data() + start, s);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

char* put_json_string(char* p, std::string_view s) {
  *p++ = '"';
  std::size_t i = 0;
  while (i < s.size()) {
    // A run of plain ASCII that needs no escaping, copied as is.
    const std::size_t j = plain_run_end(s, i);
    std::memcpy(p, s.data() + i, j - i);
    p += j - i;
    i = j;
    if (i >= s.size())
      break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      p = put_json_escape(p, c);
      ++i;
    } else if (std::size_t n = util::utf8_sequence_length(s, i); n > 0) {
      std::memcpy(p, s.data() + i, n);
      p += n;
      i += n;
    } else {
      std::memcpy(p, kReplacementCharacter.data(),
                  kReplacementCharacter.size());
      p += kReplacementCharacter.size();
      ++i;
    }
  }
  *p++ = '"';
  return p;
}

} // namespace sctrace::output
