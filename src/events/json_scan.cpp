// JsonCursor and normalize_json (json_scan.h).
#include "events/json_scan.h"

#include <bit>
#include <cstring>

#include "output/json.h"
#include "util/strings.h"

namespace sctrace::events {

using util::hex_value;
namespace {

// Reads 4 hex digits at text[pos]; -1 if they are not all there.
long read_hex4(std::string_view text, std::size_t pos) {
  if (pos + 4 > text.size())
    return -1;
  long v = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    int d = hex_value(text[pos + i]);
    if (d < 0)
      return -1;
    v = v * 16 + d;
  }
  return v;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The byte a one-character JSON escape (\" \\ \/ \b \f \n \r \t)
// stands for; 0 for 'u' and for anything that is not a valid escape.
inline char simple_escape(char c) {
  switch (c) {
  case '"':
    return '"';
  case '\\':
    return '\\';
  case '/':
    return '/';
  case 'b':
    return '\b';
  case 'f':
    return '\f';
  case 'n':
    return '\n';
  case 'r':
    return '\r';
  case 't':
    return '\t';
  default:
    return 0;
  }
}

// Decodes the rest of a \uXXXX escape whose 4 digits (cp) were read, with
// pos just after them: bpftrace's \uffffffXX byte, a surrogate pair (a
// lone surrogate becomes U+FFFD), or a plain code point. Advances pos past
// whatever it consumed.
inline void decode_code_point(std::string_view text, std::size_t& pos, long cp,
                              std::string& out) {
  // bpftrace printed a negative char with "%04x": \uffffffXX is one byte.
  if (cp == 0xFFFF && pos + 4 <= text.size() &&
      (text[pos] == 'f' || text[pos] == 'F') &&
      (text[pos + 1] == 'f' || text[pos + 1] == 'F')) {
    int hi = hex_value(text[pos + 2]);
    int lo = hex_value(text[pos + 3]);
    if (hi >= 0 && lo >= 0) {
      out.push_back(static_cast<char>(hi * 16 + lo));
      pos += 4;
      return;
    }
  }
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (pos + 6 <= text.size() && text[pos] == '\\' && text[pos + 1] == 'u') {
      long low = read_hex4(text, pos + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        pos += 6;
        append_utf8(out, 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00));
        return;
      }
    }
    append_utf8(out, 0xFFFD);
    return;
  }
  if (cp >= 0xDC00 && cp <= 0xDFFF) {
    append_utf8(out, 0xFFFD);
    return;
  }
  append_utf8(out, static_cast<std::uint32_t>(cp));
}

// The index of the first '"' or '\\' in S[I, N), or N: 8 bytes at a time
// (a word with a zero byte after XOR with the character has it), then
// bytewise.
inline std::size_t quote_or_backslash(const char* s, std::size_t i,
                                      std::size_t n) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s + i, 8);
    const std::uint64_t q = w ^ (kOnes * '"');
    const std::uint64_t b = w ^ (kOnes * '\\');
    if ((((q - kOnes) & ~q) | ((b - kOnes) & ~b)) & kHigh)
      break;
  }
  while (i < n && s[i] != '"' && s[i] != '\\')
    ++i;
  return i;
}

// True when the 8 bytes of W (in memory order) are all ASCII digits.
inline bool eight_digits(std::uint64_t w) {
  constexpr std::uint64_t kHighNibbles = 0xF0F0F0F0F0F0F0F0ULL;
  return ((w & kHighNibbles) | (((w + 0x0606060606060606ULL) & kHighNibbles) >>
                                4)) == 0x3333333333333333ULL;
}

// The value of 8 ASCII digits (eight_digits(W)) loaded little-endian, the
// first byte in memory the most significant: pairs, then quads, then the two
// halves.
inline std::uint64_t eight_digits_value(std::uint64_t w) {
  w = ((w & 0x0F0F0F0F0F0F0F0FULL) * 2561) >> 8;
  w = ((w & 0x00FF00FF00FF00FFULL) * 6553601) >> 16;
  return ((w & 0x0000FFFF0000FFFFULL) * 42949672960001ULL) >> 32;
}

} // namespace

// Called with pos_ on the character after the backslash.
bool JsonCursor::decode_escape(std::string& out) {
  if (pos_ >= text_.size())
    return false;
  char c = text_[pos_++];
  if (char simple = simple_escape(c)) {
    out.push_back(simple);
    return true;
  }
  if (c != 'u')
    return false;
  long cp = read_hex4(text_, pos_);
  if (cp < 0)
    return false;
  pos_ += 4;
  decode_code_point(text_, pos_, cp, out);
  return true;
}

bool JsonCursor::read_string(std::string& arena, StringRef& ref) {
  skip_ws();
  if (pos_ >= text_.size() || text_[pos_] != '"')
    return false;
  ++pos_;
  const std::size_t start = pos_;
  // Fast path: find the closing quote; most strings have no backslash.
  const char* base = text_.data();
  std::size_t i = pos_;
  const std::size_t n = text_.size();
  i = quote_or_backslash(base, i, n);
  if (i >= n)
    return false;
  if (base[i] == '"') {
    ref = StringRef{false, start, i - start};
    pos_ = i + 1;
    return true;
  }
  const std::size_t arena_start = arena.size();
  arena.append(base + start, i - start);
  pos_ = i;
  while (pos_ < n) {
    char c = base[pos_];
    if (c == '"') {
      ++pos_;
      ref = StringRef{true, arena_start, arena.size() - arena_start};
      return true;
    }
    if (c == '\\') {
      ++pos_;
      if (!decode_escape(arena))
        return false;
      continue;
    }
    const std::size_t j = quote_or_backslash(base, pos_, n);
    arena.append(base + pos_, j - pos_);
    pos_ = j;
  }
  return false;
}

bool JsonCursor::read_string_into(std::string& out) {
  StringRef ref;
  std::size_t before = out.size();
  if (!read_string(out, ref))
    return false;
  if (!ref.in_arena) {
    out.resize(before);
    out.append(text_.substr(ref.offset, ref.length));
  }
  return true;
}

bool JsonCursor::read_integer(std::uint64_t& bits, bool& negative,
                              std::string_view& text) {
  skip_ws();
  const std::size_t start = pos_;
  negative = false;
  if (pos_ < text_.size() && text_[pos_] == '-') {
    negative = true;
    ++pos_;
  }
  // Up to 19 digits cannot overflow; only a 20th needs the check.
  const char* p = text_.data() + pos_;
  const char* end = text_.data() + text_.size();
  const char* first = p;
  std::uint64_t v = 0;
  std::uint64_t word;
  // 8 digits at a time (little-endian only), then bytewise.
  while (std::endian::native == std::endian::little && end - p >= 8 &&
         p - first <= 19 - 8 &&
         (std::memcpy(&word, p, 8), eight_digits(word))) {
    v = v * 100'000'000 + eight_digits_value(word);
    p += 8;
  }
  while (p < end && p - first < 19 && *p >= '0' && *p <= '9')
    v = v * 10 + static_cast<std::uint64_t>(*p++ - '0');
  if (p < end && *p >= '0' && *p <= '9') {
    const auto d = static_cast<std::uint64_t>(*p - '0');
    if (v > (UINT64_MAX - d) / 10)
      return false; // more than 64 bits
    v = v * 10 + d;
    ++p;
    if (p < end && *p >= '0' && *p <= '9')
      return false;
  }
  const auto digits = static_cast<std::size_t>(p - first);
  pos_ += digits;
  if (digits == 0)
    return false;
  // A fraction or exponent means this is not one of our integers.
  if (pos_ < text_.size() &&
      (text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E'))
    return false;
  if (negative) {
    if (v > (std::uint64_t{1} << 63))
      return false;
    v = ~v + 1; // two's complement of the magnitude
  }
  bits = v;
  text = text_.substr(start, pos_ - start);
  return true;
}

bool JsonCursor::skip_value(int depth) {
  if (depth > 64)
    return false;
  char c = peek();
  if (c == '"') {
    std::string scratch;
    StringRef ref;
    return read_string(scratch, ref);
  }
  if (c == '[' || c == '{') {
    const char close = c == '[' ? ']' : '}';
    ++pos_;
    if (consume(close))
      return true;
    while (true) {
      if (close == '}') {
        std::string scratch;
        StringRef ref;
        if (!read_string(scratch, ref) || !consume(':'))
          return false;
      }
      if (!skip_value(depth + 1))
        return false;
      if (consume(close))
        return true;
      if (!consume(','))
        return false;
    }
  }
  // Numbers and literals: a run of token characters.
  const std::size_t start = pos_;
  while (pos_ < text_.size() &&
         std::strchr(",]} \t\r\n", text_[pos_]) == nullptr)
    ++pos_;
  return pos_ > start;
}

bool normalize_json(std::string_view line, std::string& out) {
  out.clear();
  std::string decoded;
  std::size_t copied = 0; // bytes of line already handled
  std::size_t i = 0;
  while (i < line.size()) {
    std::size_t quote = line.find('"', i);
    if (quote == std::string_view::npos)
      break;
    out.append(line.substr(copied, quote - copied));
    JsonCursor str(line.substr(quote));
    decoded.clear();
    if (!str.read_string_into(decoded))
      return false;
    output::append_json_string(out, decoded);
    i = quote + str.position();
    copied = i;
  }
  out.append(line.substr(copied));
  return true;
}

} // namespace sctrace::events
