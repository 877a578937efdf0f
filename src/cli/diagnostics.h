// The diagnostics the sctrace CLI offers through its environment:
//  - SCTRACE_DEBUG=1: the session's phases on stderr, with times;
//  - SCTRACE_RAW_LOG=FILE: bpftrace's raw output, one line per line it
//    printed (truncated first), for bug reports and parser test data.
// Only the CLI reads these; the engine takes them as engine::Diagnostics.
#pragma once

#include "engine/dependencies.h"

namespace sctrace::cli {

engine::Diagnostics diagnostics_from_environment();

} // namespace sctrace::cli
