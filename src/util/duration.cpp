#include "util/duration.h"

#include <charconv>
#include <cmath>
#include <string>

namespace sctrace::util {

Result<std::uint64_t> parse_duration_ns(std::string_view text) {
  double value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  std::string_view unit(end, text.data() + text.size() - end);
  double scale = 0;
  if (unit.empty() || unit == "us")
    scale = 1e3;
  else if (unit == "ns")
    scale = 1;
  else if (unit == "ms")
    scale = 1e6;
  else if (unit == "s")
    scale = 1e9;
  if (ec != std::errc() || scale == 0 || value < 0 || !std::isfinite(value) ||
      value * scale > 1e18)
    return make_error(ErrorKind::Invalid,
                      "bad duration '" + std::string(text) +
                          "'; write a number with ns, us, ms or s, like 10ms");
  // Rounded, not truncated: decimal fractions are inexact in binary
  // (1.005 * 1000 is 1004.999...), and "1.005us" means 1005 ns.
  return static_cast<std::uint64_t>(std::llround(value * scale));
}

} // namespace sctrace::util
