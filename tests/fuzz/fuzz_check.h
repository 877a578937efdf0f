// Helpers shared by the fuzz targets: invariant checks that abort (not
// assert, which NDEBUG removes) after printing what broke, and a strict
// UTF-8 check written independently of the code under test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace sctrace::fuzz {

// The input being checked, printed when an invariant fails.
inline std::string_view& current_input() {
  static std::string_view input;
  return input;
}

// The fuzzer's bytes as the current input, or nullopt when they are longer
// than max_size (the target's input limit: such inputs are skipped).
inline std::optional<std::string_view>
take_input(const std::uint8_t* data, std::size_t size, std::size_t max_size) {
  if (size > max_size)
    return std::nullopt;
  current_input() = std::string_view(reinterpret_cast<const char*>(data), size);
  return current_input();
}

// Printable form of arbitrary bytes: C escapes for everything outside
// printable ASCII, cut at 2000 bytes.
inline std::string printable(std::string_view bytes) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size() && i < 2000; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xf]);
    }
  }
  if (bytes.size() > 2000)
    out += "...";
  return out;
}

[[noreturn]] inline void fail(const char* what, const std::string& detail,
                              const char* file, int line) {
  std::fprintf(stderr,
               "\n==== sctrace fuzz invariant failed (%s:%d) ====\n"
               "check:  %s\ndetail: %s\ninput:  \"%s\"\n",
               file, line, what, printable(detail).c_str(),
               printable(current_input()).c_str());
  std::fflush(stderr);
  std::abort();
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF.
inline bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size())
      return false;
    for (int k = 1; k < len; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xc0) != 0x80)
        return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += len;
  }
  return true;
}

} // namespace sctrace::fuzz

// Aborts with the condition, a detail string and the input when cond is
// false. Active in every build type.
#define FUZZ_REQUIRE(cond, detail)                                             \
  do {                                                                         \
    if (!(cond))                                                               \
      ::sctrace::fuzz::fail(#cond, (detail), __FILE__, __LINE__);              \
  } while (0)
