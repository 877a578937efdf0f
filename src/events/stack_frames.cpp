#include "events/stack_frames.h"

#include "util/strings.h"

namespace sctrace::events {
namespace {

constexpr std::string_view kPlainIndent = "        ";
constexpr std::string_view kUnresolved = " ([unknown])";

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

// PERF is "\t" HEX " " FRAME " (" MODULE ")" for the plain line's FRAME,
// or "\t" HEX " 0x" HEX " ([unknown])": the process was gone by then.
// On a match, module is MODULE ("" for [unknown]).
bool perf_line_matches(std::string_view perf, std::string_view frame,
                       std::string& module) {
  if (!perf.starts_with('\t'))
    return false;
  perf.remove_prefix(1);
  std::size_t hex = 0;
  while (hex < perf.size() && is_hex(perf[hex]))
    ++hex;
  if (hex == 0 || hex == perf.size() || perf[hex] != ' ')
    return false;
  const std::string_view address = perf.substr(0, hex);
  perf.remove_prefix(hex + 1);
  if (perf.starts_with(frame) && perf.substr(frame.size()).starts_with(" (") &&
      perf.ends_with(')')) {
    std::string_view m = perf.substr(frame.size() + 2);
    m.remove_suffix(1);
    module = m == "[unknown]" ? "" : std::string(m);
    return true;
  }
  module.clear();
  return perf.size() == address.size() + 2 + kUnresolved.size() &&
         perf.starts_with("0x") && perf.substr(2).starts_with(address) &&
         perf.ends_with(kUnresolved);
}

// "%16x " of ADDRESS (hex digits) then FRAME, as trace.py's -a prints.
std::string with_address(std::string_view address, std::string_view frame) {
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

StackFrames withheld() {
  return StackFrames{{kWithheldFrame}, {}, true};
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
        out.frames.push_back(with_address(address, frame));
        continue;
      }
    }
    const std::string_view frame = util::trim(line);
    if (!frame.empty())
      out.frames.emplace_back(frame);
  }
  return out;
}

StackFrames parse_user_frames(std::string_view text, bool addresses) {
  // "\n" plain lines "\n" perf lines: 2N+1 lines between the first and
  // the last line break, the middle one empty. An empty stack is printed
  // as "" (bpftrace 0.17) or "\n" (0.23), so twice that.
  if (text.empty() || text == "\n\n")
    return {};
  if (!text.starts_with('\n') || !text.ends_with('\n'))
    return withheld();
  const std::vector<std::string_view> lines =
      split_lines(text.substr(1, text.size() - 2));
  if (lines.size() % 2 == 0 || !lines[lines.size() / 2].empty())
    return withheld();
  const std::size_t n = lines.size() / 2;
  StackFrames out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string_view plain = lines[i];
    if (!plain.starts_with(kPlainIndent))
      return withheld();
    plain.remove_prefix(kPlainIndent.size());
    std::string module;
    if (plain.empty() || !perf_line_matches(lines[n + 1 + i], plain, module))
      return withheld();
    if (addresses)
      out.frames.push_back(with_address(perf_address(lines[n + 1 + i]), plain));
    else
      out.frames.emplace_back(plain);
    out.modules.push_back(std::move(module));
  }
  return out;
}

} // namespace sctrace::events
