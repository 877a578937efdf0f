// Durations as users write them on the command line.
#pragma once

#include <cstdint>
#include <string_view>

#include "util/result.h"

namespace sctrace::util {

// "10ms", "250us", "2s", "500ns", "1.5ms"; a bare number is microseconds.
// Negative, non-finite or unit-less garbage fails with ErrorKind::Invalid
// and says how to write it.
Result<std::uint64_t> parse_duration_ns(std::string_view text);

} // namespace sctrace::util
