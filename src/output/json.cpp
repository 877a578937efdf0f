// JSON string literals (json.h).
#include "output/json.h"

#include <cstdint>
#include <cstring>

#include "output/escape.h"
#include "util/strings.h"

namespace sctrace::output {

namespace {

const char kHex[] = "0123456789abcdef";

// The escape of an ASCII byte that JSON does not take raw.
void append_json_escape(std::string& out, unsigned char c) {
  switch (c) {
  case '"':
    out.append("\\\"");
    return;
  case '\\':
    out.append("\\\\");
    return;
  case '\n':
    out.append("\\n");
    return;
  case '\t':
    out.append("\\t");
    return;
  case '\r':
    out.append("\\r");
    return;
  case '\b':
    out.append("\\b");
    return;
  case '\f':
    out.append("\\f");
    return;
  default:
    out.append("\\u00");
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
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
  out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    // Fast path: a run of plain ASCII that needs no escaping.
    const std::size_t j = plain_run_end(s, i);
    out.append(s.data() + i, j - i);
    i = j;
    if (i >= s.size())
      break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      append_json_escape(out, c);
      ++i;
    } else if (std::size_t n = util::utf8_sequence_length(s, i); n > 0) {
      out.append(s.data() + i, n);
      i += n;
    } else {
      out.append(kReplacementCharacter);
      ++i;
    }
  }
  out.push_back('"');
}

} // namespace sctrace::output
