// strace's time columns for `sctrace syscalls`' text output: -t, -tt,
// -ttt (absolute, of the call's entry) and -r (relative to the previous
// line), printed before the call as strace 6.1 prints them:
//   -t    "22:10:26 "                  local time
//   -tt   "22:10:26.199059 "           local time, microseconds
//   -ttt  "1796422226.183143 "         seconds since the epoch
//   -r    "     0.000169 "             since the previous line's entry
//   -ttt -r "1796422226.183353 (+     0.000169) "  (any -t with -r)
// The first line's relative time is 0. Lines of different CPUs can reach
// sctrace slightly out of time order: a line that entered before the one
// above it shows a negative relative time ("    -0.000012").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sctrace::syscalls {

// The text output's strace options.
struct TextOptions {
  int absolute_time = 0;      // 0 none, 1 -t, 2 -tt, 3 -ttt
  bool relative_time = false; // -r
  bool durations = true;      // -T (the default): " <0.000012>" after a call
  bool is_default() const {
    return absolute_time == 0 && !relative_time && durations;
  }
};

// Appends the time columns of a line whose call entered at ENTRY_NS
// (CLOCK_REALTIME ns); PREVIOUS_NS is the line above's (none for the
// first). Nothing when O asks for no time column.
void append_text_time(std::string& out, const TextOptions& o,
                      std::uint64_t entry_ns,
                      std::optional<std::uint64_t> previous_ns);

} // namespace sctrace::syscalls
