#include "modes/syscalls/text_time.h"

#include <cinttypes>
#include <cstdio>
#include <ctime>

namespace sctrace::syscalls {

namespace {

// -t, -tt or -ttt of NS (CLOCK_REALTIME), without the trailing space.
void append_absolute(std::string& out, int level, std::uint64_t ns) {
  const std::uint64_t sec = ns / 1'000'000'000, usec = ns / 1000 % 1'000'000;
  char buf[64];
  if (level >= 3) {
    std::snprintf(buf, sizeof buf, "%" PRIu64 ".%06" PRIu64, sec, usec);
  } else {
    std::time_t t = static_cast<std::time_t>(sec);
    std::tm tm{};
    ::localtime_r(&t, &tm);
    int n = static_cast<int>(std::strftime(buf, sizeof buf, "%H:%M:%S", &tm));
    if (level == 2)
      std::snprintf(buf + n, sizeof buf - n, ".%06" PRIu64, usec);
  }
  out += buf;
}

// strace's "%6ld.%06ld" of a signed gap in ns, at microsecond precision.
void append_relative(std::string& out, std::int64_t gap_ns) {
  const bool negative = gap_ns < 0;
  const std::uint64_t us = (negative ? static_cast<std::uint64_t>(-gap_ns)
                                     : static_cast<std::uint64_t>(gap_ns)) /
                           1000;
  char sec[32];
  std::snprintf(sec, sizeof sec, "%s%" PRIu64, negative ? "-" : "",
                us / 1'000'000);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%6s.%06" PRIu64, sec, us % 1'000'000);
  out += buf;
}

} // namespace

void append_text_time(std::string& out, const TextOptions& o,
                      std::uint64_t entry_ns,
                      std::optional<std::uint64_t> previous_ns) {
  if (o.absolute_time > 0) {
    append_absolute(out, o.absolute_time, entry_ns);
    out += ' ';
  }
  if (!o.relative_time)
    return;
  const std::int64_t gap =
      previous_ns ? static_cast<std::int64_t>(entry_ns - *previous_ns) : 0;
  if (o.absolute_time > 0) {
    out += "(+";
    append_relative(out, gap);
    out += ") ";
  } else {
    append_relative(out, gap);
    out += ' ';
  }
}

} // namespace sctrace::syscalls
