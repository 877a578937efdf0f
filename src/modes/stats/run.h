// `sctrace count` and `sctrace latency` as library calls: per-syscall
// numbers aggregated in the kernel (gen/stats_program.h), reported every
// interval and at the end through a StatsWriter.
//
// Contract:
//  - Exactly one target (targets/target.h); bad options fail before
//    anything runs, with a message that says what to do.
//  - Counts are exact: the kernel counts every completed call of the
//    target; nothing is sampled. The one way to lose counts, a map
//    reaching its key limit, is reported (tool_stats.map_full).
//  - Intervals are differences of cumulative snapshots, so no call falls
//    between two intervals; the total is the END snapshot.
#pragma once

#include <csignal>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/dependencies.h"
#include "gen/bpftrace_version.h"
#include "gen/stats_program.h"
#include "modes/stats/output.h"
#include "modes/stats/report.h"
#include "targets/target.h"
#include "util/result.h"

namespace sctrace::stats {

struct StatsOptions {
  // What the front end wants to see of the session (SCTRACE_DEBUG, ...).
  engine::Diagnostics diagnostics;
  gen::StatsKind kind = gen::StatsKind::Count;
  targets::TargetOptions target;
  std::string selection;       // syscalls: names, globs, %classes
  bool per_process = false;    // count -P
  bool only_failed = false;    // count -x
  std::string errno_text;      // count -e: number or name (ENOENT)
  double interval_seconds = 0; // -i; 0: only the total
  double duration_seconds = 0; // -d; 0: until the command ends or a stop
  ReportOptions report;        // --sort, -T
  int map_keys = 0;            // 0: the default (stats_program.h)
  std::string bpftrace;        // empty: find it
  // Its version when already known (a server resolved it at start):
  // --dry-run then generates for it without asking bpftrace.
  std::optional<gen::BpftraceVersion> bpftrace_version;
  const volatile std::sig_atomic_t* stop_flag = nullptr;
  std::function<void(const std::string&)> on_program; // -v
  // engine::SessionOptions::before_start (the CLI truncates -o FILE).
  std::function<Result<void>()> before_start;
  // engine::SessionOptions::on_attached (the probes are live).
  std::function<void()> on_attached;
};

struct StatsResult {
  StatsSummary summary;
  std::optional<Error> error; // partial results are still written
  std::string bpftrace_stderr;
  std::vector<std::string> warnings;
};

Result<std::string> stats_dry_run(const StatsOptions& options);

StatsResult run_stats(const StatsOptions& options, StatsWriter& writer);

// An errno by number ("2") or name ("ENOENT").
Result<int> parse_errno(std::string_view text);

} // namespace sctrace::stats
