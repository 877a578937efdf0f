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

// The 8 bytes at S (any alignment).
inline std::uint64_t load8(const char* s) {
  std::uint64_t w;
  std::memcpy(&w, s, 8);
  return w;
}

// The 4 bytes at S (any alignment).
inline std::uint32_t load4(const char* s) {
  std::uint32_t w;
  std::memcpy(&w, s, 4);
  return w;
}

// True when every byte of S (4 to 8 bytes long) is plain(): its first
// and last 4 bytes, which overlap when it is shorter than 8, as one word.
inline bool short_is_plain(std::string_view s) {
  const std::uint64_t head = load4(s.data());
  const std::uint64_t tail = load4(s.data() + s.size() - 4);
  return !word_needs_care(head | tail << 32);
}

// The end of the run of plain() bytes of S that starts at I: 8 bytes at a
// time while no byte needs care; a tail shorter than 8 is checked as the
// last 8 bytes of S (the bytes before I in that word are known plain), a
// string of 4 to 7 bytes as two overlapping halves; bytewise only where a
// byte needs care, or for under 4 bytes.
inline std::size_t plain_run_end(std::string_view s, std::size_t i) {
  const std::size_t n = s.size();
  while (i + 8 <= n) {
    if (word_needs_care(load8(s.data() + i)))
      break;
    i += 8;
  }
  if (i < n && i + 8 > n) {
    if (n >= 8 && !word_needs_care(load8(s.data() + n - 8)))
      return n;
    if (i == 0 && n >= 4 && short_is_plain(s))
      return n;
  }
  while (i < n && plain(static_cast<unsigned char>(s[i])))
    ++i;
  return i;
}

// Copies S to P when every byte of it is plain(), a word at a time (the
// last word overlapping the one before; two overlapping halves for 4 to
// 7 bytes) so no call to memcpy is made for the short strings events are
// made of. Returns false when a byte needs care; P's bytes are then
// garbage up to S's size.
inline bool copy_if_plain(char* p, std::string_view s) {
  const std::size_t n = s.size();
  const char* src = s.data();
  if (n >= 8) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      const std::uint64_t w = load8(src + i);
      if (word_needs_care(w))
        return false;
      std::memcpy(p + i, &w, 8);
    }
    if (i < n) {
      const std::uint64_t w = load8(src + n - 8);
      if (word_needs_care(w))
        return false;
      std::memcpy(p + n - 8, &w, 8);
    }
    return true;
  }
  if (n >= 4) {
    if (!short_is_plain(s))
      return false;
    const std::uint32_t head = load4(src), tail = load4(src + n - 4);
    std::memcpy(p, &head, 4);
    std::memcpy(p + n - 4, &tail, 4);
    return true;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!plain(static_cast<unsigned char>(src[i])))
      return false;
    p[i] = src[i];
  }
  return true;
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
  if (copy_if_plain(p, s)) {
    p += s.size();
    *p++ = '"';
    return p;
  }
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
