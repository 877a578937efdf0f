// `sctrace syscalls` as a library call: trace every syscall of a target
// (or those selected) with bpftrace, decode them, and stream them to a
// SyscallWriter, ending with the summary.
//
// Contract:
//  - Exactly one target: pids, comm, container, cgroup, all, or command.
//    Bad options fail before anything runs, with a message that says
//    what to do.
//  - Selection, target, -z/-Z and min_duration are applied in the kernel.
//  - Loss is never silent: summary.tool_stats.events_dropped is exact
//    (gen/layout.h), and the result carries advice when it is not 0.
//  - Calls in flight at the start and at the end are reported as
//    unfinished events, not dropped.
#pragma once

#include <csignal>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/dependencies.h"
#include "gen/bpftrace_version.h"
#include "modes/syscalls/output.h"
#include "modes/syscalls/syscall_event.h"
#include "modes/syscalls/thresholds.h"
#include "targets/target.h"
#include "util/result.h"

namespace sctrace::syscalls {

struct SyscallsOptions {
  // What the front end wants to see of the session (SCTRACE_DEBUG, ...).
  engine::Diagnostics diagnostics;
  targets::TargetOptions target; // exactly one target
  // -p: also trace the processes they fork once the trace runs, as
  // strace -f -p does (--no-follow: the pids only). The trace still ends
  // when the -p processes have exited.
  bool follow_forks = true;
  // Also report the target's signals and process exits as events of their
  // own kind (EventKind::Signal, Exit), as strace prints them.
  bool process_events = false;
  // Selection and filters.
  std::string selection;             // -e trace=...; empty = every syscall
  bool only_success = false;         // -z
  bool only_failed = false;          // -Z
  std::uint64_t min_duration_ns = 0; // --min-duration
  // sctrace slow: per-syscall minimums (replaces min_duration_ns; without
  // a default only the syscalls listed are traced), calls under them
  // counted in summary.slow; fd arguments described; user stacks.
  std::optional<Thresholds> thresholds;
  bool resolve_fds = false;
  // -y (1), -yy (2): name fd arguments and returned fds as strace -y/-yy
  // (fd_annotator.h); 0: numbers only, the output as without it.
  int decode_fds = 0;
  bool user_stack = false;
  // Session.
  double duration_seconds = 0; // 0: until the command ends or a stop
  int string_size = 0;         // 0: the largest the probes fit
  int buffer_pages = 0;        // 0: chosen from memory and target
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

struct SyscallsResult {
  SyscallSummary summary;
  std::optional<Error> error; // the trace failed (partial results kept)
  std::string bpftrace_stderr;
  std::vector<std::string> warnings; // advice for the user (drops, ...)
};

// Checks options and makes the program without running it (--dry-run).
Result<std::string> syscalls_dry_run(const SyscallsOptions& options);

SyscallsResult run_syscalls(const SyscallsOptions& options,
                            SyscallWriter& writer);

// Perf buffer pages for a trace: from the memory available and whether the
// whole system is traced, within bpftrace's limits (a power of two).
int choose_buffer_pages(bool whole_system, bool shared_ring);

} // namespace sctrace::syscalls
