// The terminal escaper (escape.h).
#include "output/escape.h"

#include <cstdint>

#include "util/strings.h"

namespace sctrace::output {

namespace {

const char kHex[] = "0123456789abcdef";

void append_hex_byte(std::string& out, unsigned char c) {
  out.append("\\x");
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0xF]);
}

// The code point of the valid n-byte sequence at s[i] when it is a C1
// control (U+0080-U+009F) or a bidi control (U+200E, U+200F,
// U+202A-U+202E, U+2066-U+2069); otherwise 0.
std::uint32_t invisible_control(std::string_view s, std::size_t i,
                                std::size_t n) {
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  if (n == 2)
    return s[i] == '\xC2' && b1 < 0xA0 ? b1 : 0;
  if (n != 3 || s[i] != '\xE2')
    return 0;
  const std::uint32_t cp = 0x2000 | ((b1 & 0x3Fu) << 6) |
                           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
  const bool bidi = cp == 0x200E || cp == 0x200F ||
                    (cp >= 0x202A && cp <= 0x202E) ||
                    (cp >= 0x2066 && cp <= 0x2069);
  return bidi ? cp : 0;
}

void append_u_escape(std::string& out, std::uint32_t cp) {
  out.append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4)
    out.push_back(kHex[(cp >> shift) & 0xF]);
}

// strace's short escapes; false for any other byte.
bool append_c_short_escape(std::string& out, unsigned char c) {
  switch (c) {
  case '"':
    out.append("\\\"");
    return true;
  case '\\':
    out.append("\\\\");
    return true;
  case '\n':
    out.append("\\n");
    return true;
  case '\t':
    out.append("\\t");
    return true;
  case '\r':
    out.append("\\r");
    return true;
  default:
    return false;
  }
}

// True for an ASCII byte that is copied as is.
bool plain_ascii(unsigned char c, bool c_string) {
  return c >= 0x20 && c < 0x7f && !(c_string && (c == '"' || c == '\\'));
}

// The one escaping loop; c_string selects append_c_escaped's rule.
void append_escaped(std::string& out, std::string_view s, bool c_string) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() &&
           plain_ascii(static_cast<unsigned char>(s[j]), c_string))
      ++j;
    out.append(s.data() + i, j - i);
    i = j;
    if (i >= s.size())
      break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (std::size_t n = util::utf8_sequence_length(s, i); n > 0) {
        if (std::uint32_t cp = invisible_control(s, i, n))
          append_u_escape(out, cp);
        else
          out.append(s.data() + i, n);
        i += n;
        continue;
      }
    }
    ++i;
    if (!c_string || !append_c_short_escape(out, c))
      append_hex_byte(out, c);
  }
}

} // namespace

void append_c_escaped(std::string& out, std::string_view bytes) {
  append_escaped(out, bytes, true);
}

void append_terminal_safe(std::string& out, std::string_view text) {
  append_escaped(out, text, false);
}

} // namespace sctrace::output
