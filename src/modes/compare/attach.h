// `sctrace compare -p PID|--comm NAME|--container ID --duration N`: strace
// and sctrace attached to the same running processes for the same window.
//
// Contract:
//  - The target resolves to pids once (live_target.h); both tracers get
//    exactly those pids, and both follow the children they fork (strace
//    -f; sctrace syscalls -p follows by default).
//  - Phases, each measured with /proc (progress.h) so each tool's overhead
//    is the target's slowdown against the untraced window:
//      1. untraced, W s;  2. strace alone, W s;  3. sctrace alone, W s;
//      4. both, duration s: the accuracy window;
//    where W = min(duration, kOverheadWindowSeconds). sctrace stays
//    attached from phase 3 to the end, so strace's window (phase 4) lies
//    inside sctrace's, and sctrace's log is clipped to it (clip.h) before
//    the diff.
//  - A tracer is attached once its stderr says so ("Process N attached"
//    per pid from strace, "sctrace syscalls: attached" from sctrace);
//    stopping is SIGINT, as a user's Ctrl-C.
//  - Errors are those of run_compare (session.h), plus NotFound when no
//    process matches and Invalid without --duration or with a command too.
#pragma once

#include "modes/compare/session.h"

namespace sctrace::compare {

inline constexpr double kOverheadWindowSeconds = 5;

Result<CompareResult> run_compare_attached(const CompareOptions& options,
                                           const std::string& strace_exe);

} // namespace sctrace::compare
