// The bpftrace program behind the continuous monitor (modes/monitor/):
// per-syscall statistics aggregated in the kernel and printed as
// cumulative snapshots every interval, plus one event per slow call.
//
// Maps (all keyed by the raw_syscalls:sys_exit id; user space names -1
// back to rt_sigreturn, gen::exit_syscall_number):
//   @sctrace_calls[nr]        completed calls (as strace -c: the child's
//                             side of clone/fork/vfork/clone3 is not one)
//   @sctrace_errno[nr, errno] failed calls (-4095..-1) by errno
//   @sctrace_total[nr]        a real sum of the timed calls' durations, ns
//   @sctrace_hist[nr]         hist() of durations in ns; on dialects with
//                             racy_key_creation a sum per [nr, bucket]
//                             (the bucket hist() picks), as latency does
//   @sctrace_slow[nr]         calls at or above their threshold
//   @sctrace_comm[comm, nr]   calls per comm (by_comm only)
//   @sctrace_full             calls not timed because the start map was
//                             full (a scalar)
//   @sctrace_made[nr, bucket] racy_key_creation only, never printed: the
//                             keys of calls, hist and total for that
//                             (syscall, bucket; -1 for a call not timed)
//                             exist, so each is updated once (as latency
//                             does, gen/stats_program.h)
// A call is timed when its entry was seen (it began after attaching). The
// entry stashes (time, first argument), and on raw tracepoints (0.23) the
// number too: a timed call's exit takes it from there, not from the saved
// registers.
// A snapshot is those maps printed in a row and then @sctrace_snapshot,
// from BEGIN (all zero) and every interval; the maps are never cleared
// while tracing. END prints @sctrace_end = 1 and clears everything
// without a snapshot.
//
// Slow calls: a call whose duration is at or above its threshold (per
// syscall, else the default; none: not watched) is printed as one event
// (gen/layout.h) whose values are kMonitorSlotNr.. below.
//
// Contract: every number in the program comes from validated input
// (syscall numbers from the table, thresholds as decimal integers, the
// interval checked here), comms only through the target predicate
// (gen/syscall_target.h): no option can inject code.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "gen/generator.h"
#include "gen/syscalls_program.h"

namespace sctrace::gen {

// Value slots of the slow-call event (integers, in this order).
enum MonitorSlot : int {
  kMonitorSlotNr = 0,
  kMonitorSlotDuration = 1,
  kMonitorSlotReturn = 2,
  kMonitorSlotArg0 = 3,
  kMonitorSlots = 4,
};

struct MonitorProgramOptions {
  SyscallTarget target;
  std::vector<int> syscalls;        // numbers; empty = every syscall
  std::uint64_t interval_ms = 1000; // 10 .. 60000
  // Slow-call thresholds in ns: per syscall, and for the others (nullopt:
  // only the listed ones are watched).
  std::vector<std::pair<int, std::uint64_t>> thresholds;
  std::optional<std::uint64_t> default_threshold_ns;
  bool by_comm = false;
  bool follow_command = false; // the target is `-- CMD` (map sizing)
  int map_keys = 0;            // 0: monitor_map_keys' default
};

// Map keys the program asks bpftrace for (per map): the start map holds a
// key per thread inside a syscall.
int monitor_map_keys(const MonitorProgramOptions& options);

Result<GeneratedProgram> generate_monitor(const MonitorProgramOptions& options,
                                          const GenOptions& gen);

} // namespace sctrace::gen
