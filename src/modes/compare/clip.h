// The part of sctrace's log that strace could have seen, when both traced
// processes that were already running: sctrace attached first, strace
// attached after it and detached before it stopped (compare -p, --comm,
// --container).
//
// Contract (pure, total):
//  - A thread strace saw keeps sctrace's calls from the anchor of strace's
//    first call of that thread to the anchor of its last one. A call's
//    anchor is sctrace's first call of the same thread and syscall that
//    entered no earlier than strace's timestamp minus kClockSlackNs: the
//    kernel stops a traced thread for ptrace at syscall entry before it
//    fires the sys_enter tracepoint, and strace stamps the call during
//    that stop, so sctrace's entry time of the same call comes later; the
//    slack covers strace's microsecond stamps and the two clocks' error.
//    Without an anchor, the window's edge (below) is used instead.
//  - A thread strace did not see keeps its calls that entered inside
//    [window.start_ns, window.end_ns]: while strace was attached.
//  - Calls keep their order, lines and text; the summary is kept as is.
//  - clipped counts the calls left out.
#pragma once

#include <cstddef>
#include <cstdint>

#include "modes/compare/sctrace_log.h"
#include "modes/compare/strace_log.h"

namespace sctrace::compare {

inline constexpr std::int64_t kClockSlackNs = 5'000;

struct Window {
  std::int64_t start_ns = 0, end_ns = 0; // wall clock, ns since the epoch
};

struct Clipped {
  SctraceLog log;
  std::size_t clipped = 0;
};

Clipped clip_to_strace(const SctraceLog& sctrace, const StraceLog& strace,
                       const Window& window);

} // namespace sctrace::compare
