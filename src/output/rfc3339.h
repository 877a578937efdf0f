// Timestamps for every output: RFC 3339 in UTC with nine fraction digits,
// e.g. 2024-11-22T03:28:04.123456789Z (1970-01-01T00:00:00.000000000Z
// for 0).
//
// Contract: pure and thread-safe (a per-thread cache of the date and time
// of the last second seen); no locale, no libc lock, no allocation once
// warm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace sctrace::output {

void append_rfc3339(std::string& out, std::uint64_t ns_since_epoch);

// The same kRfc3339Size bytes written at OUT (room for them is the
// caller's); returns their end.
inline constexpr std::size_t kRfc3339Size = 30;
char* write_rfc3339(char* out, std::uint64_t ns_since_epoch);

// The time of day of append_rfc3339 cut to microseconds, e.g.
// 03:28:04.123456 (UTC, 15 characters): short enough for a table column.
void append_utc_time_us(std::string& out, std::uint64_t ns_since_epoch);

} // namespace sctrace::output
