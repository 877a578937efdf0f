// Time helpers of the manager: wall-clock stamps for Info (seconds since
// the epoch) and steady-clock deadlines for the reaper.
#pragma once

#include <chrono>
#include <optional>

namespace sctrace::manager {

using SteadyClock = std::chrono::steady_clock;

// Seconds since the epoch, now (system clock), with sub-second precision.
double epoch_now();

// The steady time `seconds` from now (negative counts as 0), or nullopt
// for NaN or more than about 30 years: no deadline at all.
std::optional<SteadyClock::time_point> steady_after(double seconds);

} // namespace sctrace::manager
