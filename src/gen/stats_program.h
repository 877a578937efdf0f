// The bpftrace programs behind `sctrace count` and `sctrace latency`:
// per-syscall numbers aggregated in the kernel, so no per-call event
// crosses into user space.
//
// count:   raw_syscalls:sys_exit counts completed calls (as strace -c
//          does: exit and exit_group never complete) and failed ones.
//          Maps: @sctrace_count[KEY], @sctrace_errors[KEY], where KEY is
//          the syscall number, or (pid, start, comm, number) with
//          per_process, where start is the process's start time
//          (gen::process_start), so a reused pid is another process.
// latency: raw_syscalls:sys_enter stashes the time per thread; sys_exit
//          takes it back and adds the duration to @sctrace_hist[nr]
//          (log2 of microseconds), @sctrace_total[nr], @sctrace_min[nr],
//          @sctrace_max[nr], and failures to @sctrace_errors[nr]. On raw
//          tracepoints (0.23) the stash is (time, number): the exit's own
//          number would be a read of the saved registers.
//
// The maps are never cleared while tracing: every snapshot is cumulative,
// and user space takes differences for intervals, so no update is lost
// between a print and a clear. A snapshot is the maps printed in a row
// and then the scalar @sctrace_snapshot (the kernel time it was taken),
// from BEGIN (all zero), every interval, and END.
//
// No update is lost to bpftrace 0.23's race on creating a per-CPU key
// (Dialect::racy_key_creation: the CPU that loses it has its update
// dropped). There, count adds with sum(): its per-syscall count keys are
// created in BEGIN, and -P keys and errors keys by a sum(0) just before
// each sum(1). latency keeps its histogram as a sum per @sctrace_hist[nr,
// bucket] (the bucket hist() would pick), since hist() cannot add a zero;
// the first call of each (nr, bucket) creates its keys with a zero or the
// same min/max, then sets @sctrace_made[nr, bucket] (an ordinary map), so
// later calls update each map once; errors keys are created like count's.
// A lost race then drops only a zero; bpftrace still reports it as a
// helper error.
//
// The syscall number at exit is the kernel's (args->id); x86_64 reports
// rt_sigreturn's exit as -1 (it restores the registers), which user space
// names back (syscall_table.h's exit_number_name).
//
// Contract: every number and string in the program comes from validated
// input, so no option can inject code.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "gen/generator.h"
#include "gen/syscalls_program.h"

namespace sctrace::gen {

enum class StatsKind { Count, Latency };

struct StatsProgramOptions {
  StatsKind kind = StatsKind::Count;
  SyscallTarget target;
  std::vector<int> syscalls;      // numbers; empty = every syscall
  bool per_process = false;       // count: key by (pid, start, comm, nr)
  bool only_failed = false;       // count only failed calls (-x)
  std::optional<int> errno_value; // count only calls failing with it (-e)
  std::uint64_t interval_ms = 0;  // 0: one snapshot at the end
  bool follow_command = false;    // the target is `-- CMD` (map sizing)
  int map_keys = 0;               // 0: the default for the kind
};

// Map keys a stats program asks bpftrace for (per map).
int stats_map_keys(const StatsProgramOptions& options);

Result<GeneratedProgram> generate_stats(const StatsProgramOptions& options,
                                        const KernelCatalog& catalog,
                                        const GenOptions& gen);

} // namespace sctrace::gen
