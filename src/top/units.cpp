#include "top/units.h"

#include <cmath>
#include <cstdio>

namespace sctrace::top {

namespace {

std::string printf_string(const char* format, double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

// 1.23, 12.3 or 123 for a value in [1, 1000).
std::string three_digits(double value) {
  if (value < 9.995)
    return printf_string("%.2f", value);
  if (value < 99.95)
    return printf_string("%.1f", value);
  return printf_string("%.0f", value);
}

} // namespace

std::string format_quantity(double value) {
  if (!std::isfinite(value) || value <= 0)
    return "0";
  if (value < 9999.5)
    return printf_string("%.0f", value);
  static const char* const kSuffix[] = {"k", "M", "G", "T", "P"};
  for (const char* suffix : kSuffix) {
    value /= 1000;
    if (value < 999.5)
      return three_digits(value) + suffix;
  }
  return "huge";
}

std::string format_ns(double ns) {
  if (!std::isfinite(ns) || ns <= 0)
    return "0";
  if (ns < 999.5)
    return printf_string("%.0f", ns) + "ns";
  if (ns < 999.5e3)
    return three_digits(ns / 1e3) + "us";
  if (ns < 999.5e6)
    return three_digits(ns / 1e6) + "ms";
  return three_digits(ns / 1e9) + "s";
}

std::string format_pow2_ns(int exponent) {
  static const char* const kUnit[] = {"ns", "us", "ms", "s"};
  int unit = exponent / 10;
  if (unit > 3)
    unit = 3;
  std::uint64_t mantissa = std::uint64_t{1} << (exponent - unit * 10);
  return std::to_string(mantissa) + kUnit[unit];
}

std::string bucket_label(int index) {
  if (index <= 0)
    return "0ns";
  return format_pow2_ns(index - 1) + "-" + format_pow2_ns(index);
}

std::string format_seconds(double seconds) {
  if (!std::isfinite(seconds) || seconds <= 0)
    return "0s";
  if (seconds < 1)
    return printf_string("%gms", seconds * 1000);
  return printf_string("%gs", seconds);
}

std::string format_percent(double percent) {
  if (!std::isfinite(percent) || percent < 0)
    percent = 0;
  return printf_string("%.1f%%", percent);
}

} // namespace sctrace::top
