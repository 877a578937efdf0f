#include "top/text.h"

#include <cstdint>

#include "output/escape.h"
#include "util/strings.h"

namespace sctrace::top {

namespace {

std::uint32_t decode(std::string_view s, std::size_t i, std::size_t len) {
  auto byte = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + k]));
  };
  if (len == 1)
    return byte(0);
  std::uint32_t cp = byte(0) & (0x7fu >> len);
  for (std::size_t k = 1; k < len; ++k)
    cp = (cp << 6) | (byte(k) & 0x3f);
  return cp;
}

bool is_wide(std::uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
         (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
         (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
         (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) ||
         (cp >= 0x20000 && cp <= 0x3fffd);
}

// Length of the sequence at i, treating an invalid byte as one byte.
std::size_t sequence_length(std::string_view s, std::size_t i) {
  std::size_t len = util::utf8_sequence_length(s, i);
  return len == 0 ? 1 : len;
}

std::size_t cells(std::string_view s, std::size_t i, std::size_t len) {
  return len > 1 && is_wide(decode(s, i, len)) ? 2 : 1;
}

} // namespace

std::string kernel_text(std::string_view bytes, bool ascii_only) {
  std::string escaped;
  output::append_c_escaped(escaped, bytes);
  if (!ascii_only)
    return escaped;
  std::string out;
  for (std::size_t i = 0; i < escaped.size();) {
    std::size_t len = sequence_length(escaped, i);
    out += len == 1 ? escaped[i] : '?';
    i += len;
  }
  return out;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = sequence_length(text, i);
    width += cells(text, i, len);
    i += len;
  }
  return width;
}

std::string clip(std::string_view text, std::size_t width) {
  std::size_t used = 0, i = 0;
  while (i < text.size()) {
    std::size_t len = sequence_length(text, i);
    std::size_t w = cells(text, i, len);
    if (used + w > width)
      break;
    used += w;
    i += len;
  }
  return std::string(text.substr(0, i));
}

std::string fit(std::string_view text, std::size_t width) {
  std::string out = clip(text, width);
  out.append(width - display_width(out), ' ');
  return out;
}

std::string align_right(std::string_view text, std::size_t width) {
  std::string out = clip(text, width);
  return std::string(width - display_width(out), ' ') + out;
}

} // namespace sctrace::top
