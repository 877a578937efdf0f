// A trace session: the whole path from TraceSpecs to events, with the real
// bpftrace on the real kernel. This is the library entry point for C++
// users (the sctrace CLI is a thin layer over it).
//
// Lifecycle (run_session):
//  1. checks root and tracefs, finds bpftrace and its version;
//  2. forks bpftrace paused, generates the program excluding sctrace's and
//     bpftrace's own pids, hands it over through a memfd (no temp files, no
//     shell), and lets bpftrace exec;
//  3. once bpftrace reports its probes attached, starts the command (if any;
//     forked paused earlier so its pid is followed from its first syscall);
//  4. feeds every output line to the parser, events to the sink;
//  5. stops on duration, max events, command exit, or the stop flag: first
//     it drains (a getcpu() on every CPU fires a marker that follows all
//     earlier events in that CPU's buffer), then SIGINT, a grace period,
//     SIGTERM, SIGKILL.
// Events are never lost silently: the summary's events_dropped is the exact
// number the kernel emitted and sctrace did not receive.
#pragma once

#include <csignal>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "events/bpftrace_parser.h"
#include "events/event.h"
#include "gen/generator.h"
#include "spec/trace_spec.h"
#include "util/result.h"

namespace sctrace::trace {

// Makes the bpftrace program for a session from the kernel's catalog and
// the options the session fixes at run time (pids to exclude, marker pid,
// command to follow, bpftrace version).
using ProgramGenerator = std::function<Result<gen::GeneratedProgram>(
    const gen::KernelCatalog&, const gen::GenOptions&)>;

struct SessionOptions {
  std::vector<spec::TraceSpec> specs;
  // When set, makes the program instead of gen::generate(specs) (sctrace
  // syscalls uses it); specs are then ignored.
  ProgramGenerator generator;
  double duration_seconds = 0;      // 0: until stopped
  std::uint64_t max_events = 0;     // 0: unlimited
  std::vector<std::string> command; // run it, trace it and its children
  // trace.py's user-space filters, applied before -M counts: comm contains
  // this substring (-n), formatted message contains this substring (-f).
  std::string comm_substring;
  std::string message_substring;
  bool include_self = false; // -S: do not exclude sctrace and bpftrace
  int string_size = 0;       // -Z; 0 = automatic
  int buffer_pages = 0;      // -b: perf buffer pages; 0 = automatic
  std::string bpftrace;      // bpftrace to run; empty = find it
  // After SIGINT, how long bpftrace has to run END and exit before
  // SIGTERM (SIGKILL 2 s later). Longer when END prints what the trace is
  // for (count, latency).
  double stop_grace_seconds = 3;
  // Set asynchronously (e.g. by a SIGINT handler) to stop the trace.
  const volatile std::sig_atomic_t* stop_flag = nullptr;
  // -p: the processes being traced. Each must exist when the session
  // starts (else ErrorKind::NotFound, before bpftrace is started); once
  // all of them have exited the trace stops, drained, with stop_reason
  // "target_exited" (as strace -p ends when its tracee does).
  std::vector<std::int64_t> target_pids;
  // Polled in the event loop: once it returns true (the output can no
  // longer be written: disk full, closed pipe), the trace stops at once,
  // without draining, with stop_reason "output_failed". The caller reports
  // the error; the session's error stays unset.
  std::function<bool()> output_failed;
  // Called with the generated program before bpftrace starts (-v).
  std::function<void(const std::string&)> on_program;
  // Called once the probes are attached.
  std::function<void()> on_attached;
  // Called after each batch of bpftrace output has been handed to the sink
  // (a good moment to flush buffered output: streaming stays live without
  // a write per event).
  std::function<void()> on_batch;
};

struct SessionResult {
  events::Summary summary;
  // Set when the trace failed; the summary still describes what was
  // collected before the failure (partial results).
  std::optional<Error> error;
  std::string bpftrace_stderr; // without harmless noise
  // The last few bpftrace helper errors, e.g. "probe_read_str returned -14".
  std::vector<std::string> helper_errors;
  // Aggregation updates bpftrace dropped (ParserStats::map_updates_lost).
  std::uint64_t map_updates_lost = 0;
  // bpftrace's non-event records (maps printed at exit, ...), as
  // OutputParser::records() keeps them.
  std::vector<nlohmann::json> records;
  // CLOCK_MONOTONIC when the trace stopped (0 if it never ran), and the
  // offset that turns it into CLOCK_REALTIME.
  std::uint64_t stop_monotonic_ns = 0;
  std::int64_t clock_offset_ns = 0;
};

SessionResult run_session(const SessionOptions& options,
                          events::EventSink& sink);

// Generates the program for options without running it (--dry-run). Reads
// tracefs when it can, and falls back to sctrace's built-in syscall table
// when tracefs is not readable (not root).
Result<gen::GeneratedProgram> dry_run(const SessionOptions& options);

} // namespace sctrace::trace
