// The monitor's options checked and turned into the program's options.
//
// Contract: every check of Monitor::start on MonitorOptions is here and
// runs before anything starts; each error says what to do. Thresholds
// with neither a default nor a syscall mean 10 ms for every syscall.
#pragma once

#include "gen/monitor_program.h"
#include "modes/monitor/monitor.h"

namespace sctrace::monitor {

inline constexpr std::uint64_t kDefaultThresholdNs = 10'000'000;

Result<gen::MonitorProgramOptions> program_options(const MonitorOptions& o);

} // namespace sctrace::monitor
