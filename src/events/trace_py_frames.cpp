#include "events/trace_py_frames.h"

#include <charconv>
#include <cstdint>

namespace sctrace::events {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty())
    return false;
  for (char c : s)
    if (c < '0' || c > '9')
      return false;
  return true;
}

} // namespace

std::string trace_py_symbol(std::string_view frame) {
  if (frame.starts_with("0x"))
    return "[unknown]";
  const std::size_t plus = frame.rfind('+');
  if (plus == std::string_view::npos || plus == 0 ||
      !all_digits(frame.substr(plus + 1)))
    return std::string(frame);
  std::uint64_t offset = 0;
  const std::string_view digits = frame.substr(plus + 1);
  auto [p, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), offset);
  if (ec != std::errc())
    return std::string(frame);
  char hex[17];
  auto [end, ec2] = std::to_chars(hex, hex + sizeof hex, offset, 16);
  (void)ec2;
  std::string out(frame.substr(0, plus));
  out.append("+0x");
  out.append(hex, end);
  return out;
}

std::string trace_py_frame(std::string_view frame, std::string_view module) {
  std::string out = trace_py_symbol(frame);
  if (module.empty())
    return out;
  const std::size_t slash = module.rfind('/');
  out.append(" [");
  out.append(slash == std::string_view::npos ? module
                                             : module.substr(slash + 1));
  out.push_back(']');
  return out;
}

} // namespace sctrace::events
