#include "events/stack_frames.h"

#include <charconv>

#include "util/strings.h"

namespace sctrace::events {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos)
      break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

// "%16x " of ADDRESS (hex digits) then FRAME, as trace.py's -a prints.
std::string padded_address(std::string_view address, std::string_view frame) {
  std::string out;
  if (address.size() < 16)
    out.append(16 - address.size(), ' ');
  out.append(address);
  out.push_back(' ');
  out.append(frame);
  return out;
}

// The HEX of a perf line "\t" HEX " " ..., or empty.
std::string_view perf_address(std::string_view perf) {
  if (!perf.starts_with('\t'))
    return {};
  perf.remove_prefix(1);
  std::size_t hex = 0;
  while (hex < perf.size() && is_hex(perf[hex]))
    ++hex;
  return perf.substr(0, hex);
}

} // namespace

StackFrames parse_kernel_frames(std::string_view text, bool addresses) {
  StackFrames out;
  for (std::string_view line : split_lines(text)) {
    if (addresses) {
      const std::string_view address = perf_address(line);
      if (!address.empty() && address.size() + 1 < line.size()) {
        const std::string_view frame =
            util::trim(line.substr(address.size() + 2));
        out.frames.push_back(padded_address(address, frame));
        continue;
      }
    }
    const std::string_view frame = util::trim(line);
    if (!frame.empty())
      out.frames.emplace_back(frame);
  }
  return out;
}

std::optional<std::vector<std::uint64_t>>
parse_user_addresses(std::string_view text) {
  std::vector<std::uint64_t> out;
  for (std::string_view line : split_lines(text)) {
    line = util::trim(line);
    if (line.empty())
      continue;
    if (line.starts_with("0x"))
      line.remove_prefix(2);
    std::uint64_t address = 0;
    auto [end, ec] =
        std::from_chars(line.data(), line.data() + line.size(), address, 16);
    if (ec != std::errc() || end != line.data() + line.size() ||
        !is_hex(line.front()))
      return std::nullopt;
    if (address == 0)
      break;
    out.push_back(address);
  }
  return out;
}

std::string hex_address(std::uint64_t address) {
  char hex[17];
  auto [end, ec] = std::to_chars(hex, hex + sizeof hex, address, 16);
  (void)ec;
  return "0x" + std::string(hex, end);
}

std::string with_address(std::uint64_t address, std::string_view frame) {
  char hex[17];
  auto [end, ec] = std::to_chars(hex, hex + sizeof hex, address, 16);
  (void)ec;
  return padded_address(std::string_view(hex, end - hex), frame);
}

} // namespace sctrace::events
