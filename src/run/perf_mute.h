// Keeps the perf subsystem's sample path off the tracepoints bpftrace
// attaches to, for as long as a TracepointMute lives.
//
// Why: a classic tracepoint's BPF programs run from its perf handler, and
// the kernel goes on to the perf events' own sample path (perf_tp_event)
// unless a program returns 0. bpftrace's tracepoint programs always return
// 1 (it keeps the tracepoint visible to perf), and bpftrace 0.17 opens each
// probe's perf event on CPU 0 as a sampling event. So every syscall made
// on CPU 0, by any process, traced or not, runs one sample per bpftrace
// program on raw_syscalls:sys_enter or sys_exit: about 1 us a call under
// `sctrace slow`, against 0.3 us on the other CPU (docs/benchmarks.md,
// issue 17's thirteenth pass).
//
// What: for each tracepoint, a BPF program of two instructions (return 0)
// attached through a counting perf event of its own. The kernel ANDs the
// programs' results, so the sample path is skipped on every CPU; bpftrace's
// programs still run, and see every event, as before.
//
// Contract:
//  - The cost: while it lives, perf events on those tracepoints (perf
//    stat, perf record, perf trace on raw_syscalls) count and sample
//    nothing. bpftrace's probes and ftrace are unaffected.
//  - Needs root (CAP_BPF and CAP_PERFMON). Closing the TracepointMute, or
//    the process ending in any way, detaches everything.
//  - Nothing here reads user input: the tracepoint names come from the
//    generated program (run/event_list.h's program_tracepoints), and only
//    CATEGORY:NAME made of [A-Za-z0-9_] is looked up in tracefs; any other
//    name (a wildcard) is skipped.
#pragma once

#include <string>
#include <vector>

#include "run/fd.h"
#include "util/result.h"

namespace sctrace::run {

class TracepointMute {
public:
  // The tracepoints muted ("raw_syscalls:sys_exit", ...), in order.
  const std::vector<std::string>& tracepoints() const { return names_; }

private:
  friend Result<TracepointMute>
  mute_tracepoints(const std::vector<std::string>&, const std::string&);
  Fd prog_;
  std::vector<Fd> events_;
  std::vector<std::string> names_;
};

// Mutes each of TRACEPOINTS (CATEGORY:NAME) found under TRACEFS (its
// events/CATEGORY/NAME/id), skipping names that are not plain. Fails,
// saying which step and why, when the program cannot be loaded or an
// event cannot be opened or attached.
Result<TracepointMute>
mute_tracepoints(const std::vector<std::string>& tracepoints,
                 const std::string& tracefs);

} // namespace sctrace::run
