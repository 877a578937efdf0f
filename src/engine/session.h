// A trace session: the whole path from a program to events, with bpftrace
// on the kernel. This is the library entry point for C++ users; every
// front end (the sctrace CLI today) and every mode runs on it.
//
// Lifecycle (Session::run):
//  1. generates the program once to validate it, checks the -p targets and
//     forks the command (if any) paused;
//  2. forks bpftrace paused, generates the program again excluding the
//     session's own pid and bpftrace's, hands it over through a memfd (no
//     temp files, no shell), and lets bpftrace exec;
//  3. once bpftrace reports its probes attached, fires a marker round and
//     starts the command only once the markers came back (the probe that
//     answers markers is declared last);
//  4. feeds every output line to the parser, events to the sink;
//  5. stops on duration, max events, command or targets exit, stop(), or
//     the stop flag: first it drains (a marker on every CPU follows all
//     earlier events in that CPU's buffer), then SIGINT, a grace period,
//     SIGTERM, SIGKILL;
//  6. a command still running then gets SIGTERM and, if it is still
//     running after command_kill_grace_seconds, SIGKILL.
// A stop request that arrives once the session has begun to stop (a second
// Ctrl-C, or a first one after the duration ran out) ends it at once:
// SIGKILL to bpftrace and the command, no drain, no grace; what was read
// until then is still in the result.
// Events are never lost silently: the summary's events_dropped is the exact
// number the kernel emitted and the session did not receive.
//
// Concurrency: many sessions may run at once in one process, each on its
// own thread (bpftrace gets PR_SET_PDEATHSIG, which follows the thread
// that forked it). Each has its own marker token, so its drain rounds and
// its loss accounting are its own. stop() may be called from any thread.
// Nothing here reads the process environment or writes to stderr:
// diagnostics go to the result and to Dependencies::logger.
#pragma once

#include <atomic>
#include <csignal>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/dependencies.h"
#include "engine/environment.h"
#include "events/bpftrace_parser.h"
#include "events/event.h"
#include "events/map_record.h"
#include "gen/generator.h"
#include "spec/session_options.h"
#include "spec/trace_spec.h"
#include "util/result.h"

namespace sctrace::engine {

// Makes the bpftrace program for a session from the kernel's catalog and
// the options the session fixes at run time (pids to exclude, marker pid,
// command to follow, bpftrace version).
using ProgramGenerator = std::function<Result<gen::GeneratedProgram>(
    const gen::KernelCatalog&, const gen::GenOptions&)>;

// The session-wide options of spec::SessionOptions (duration, max events,
// the kernel-side scope and stacks of trace.py specs), plus what only the
// engine needs.
struct SessionOptions : spec::SessionOptions {
  std::vector<spec::TraceSpec> specs;
  // When set, makes the program instead of gen::generate(specs) (sctrace
  // syscalls uses it); specs are then ignored.
  ProgramGenerator generator;
  std::vector<std::string> command; // run it, trace it and its children
  // The command's stdout goes to sctrace's stderr instead of its stdout:
  // set when a structured document (JSON, JSONL, CSV) is written to
  // sctrace's stdout, so no byte of the command's output lands in it.
  bool command_stdout_to_stderr = false;
  // trace.py's user-space filters, applied before -M counts: comm contains
  // this substring (-n), formatted message contains this substring (-f).
  std::string comm_substring;
  std::string message_substring;
  bool include_self = false;  // -S: do not exclude sctrace and bpftrace
  int string_size = 0;        // -Z; 0 = automatic
  bool binary_strcmp = false; // -B (gen::GenOptions::binary_strcmp)
  // -b: bpftrace's output buffer pages (BPFTRACE_PERF_RB_PAGES); 0 =
  // automatic, else a power of two (bpftrace refuses anything else).
  int buffer_pages = 0;
  // bpftrace to run; empty = find it. Used by run_session() and dry_run()
  // to resolve the Environment; a Session takes its Environment as given.
  std::string bpftrace;
  // bpftrace's version when the caller knows it already (a server resolved
  // its Environment at start): dry_run() generates for it without asking.
  std::optional<gen::BpftraceVersion> bpftrace_version;
  // After SIGINT, how long bpftrace has to run END and exit before
  // SIGTERM (SIGKILL 2 s later). Longer when END prints what the trace is
  // for (count, latency).
  double stop_grace_seconds = 3;
  // Once the trace has stopped, a command still running gets SIGTERM; if
  // it is still running this long after, SIGKILL (a command that ignores
  // SIGTERM must not keep the session alive).
  double command_kill_grace_seconds = 2;
  // Set asynchronously (e.g. by a SIGINT handler) to stop the trace: the
  // number of stop requests so far (0: none). A request counted after the
  // session began to stop ends it at once (see the header).
  const volatile std::sig_atomic_t* stop_flag = nullptr;
  // -p: the processes being traced. Each must exist when the session
  // starts (else ErrorKind::NotFound, before bpftrace is started); once
  // all of them have exited the trace stops, drained, with stop_reason
  // "target_exited" (as strace -p ends when its tracee does).
  std::vector<std::int64_t> target_pids;
  // -L: the threads being traced, the same way: each must exist when the
  // session starts, and once all of them have exited the trace stops with
  // stop_reason "target_exited" (the process may live on).
  std::vector<std::int64_t> target_tids;
  // Polled in the event loop: once it returns true (the output can no
  // longer be written: disk full, closed pipe), the trace stops at once,
  // without draining, with stop_reason "output_failed". The caller reports
  // the error; the session's error stays unset.
  std::function<bool()> output_failed;
  // Called once the program is validated and the -p targets checked,
  // before the command or bpftrace starts (a front end opens its output
  // file here, so a rejected run leaves it untouched). An error ends the
  // run there, as the session's error.
  std::function<Result<void>()> before_start;
  // Called with the generated program before bpftrace starts (-v).
  std::function<void(const std::string&)> on_program;
  // Called with every raw line bpftrace printed (SCTRACE_RAW_LOG).
  std::function<void(std::string_view)> on_raw_line;
  // Called once the probes are attached.
  std::function<void()> on_attached;
  // Called after each batch of bpftrace output has been handed to the sink
  // (a good moment to flush buffered output: streaming stays live without
  // a write per event).
  std::function<void()> on_batch;
};

// The program OPTIONS ask for: options.generator's when it is set, else
// gen::generate of options.specs with the session's scope and stacks. The
// session, dry_run() and the trace.py mode all make programs this way.
Result<gen::GeneratedProgram> make_program(const SessionOptions& options,
                                           const gen::KernelCatalog& catalog,
                                           const gen::GenOptions& gen);

// Options that run PLAN's probe with PLAN's session options (a JSON trace
// spec, an ebpf_programs entry or a TraceSpecBuilder chain); the engine's
// own members keep their defaults.
SessionOptions options_for(const spec::TracePlan& plan);

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
  // The maps bpftrace printed that the sink did not take (those printed
  // at exit, ...), as OutputParser::maps() keeps them.
  std::vector<events::MapRecord> maps;
  // CLOCK_MONOTONIC when the trace stopped (0 if it never ran), and the
  // offset that turns it into CLOCK_REALTIME.
  std::uint64_t stop_monotonic_ns = 0;
  std::int64_t clock_offset_ns = 0;
};

class Session {
public:
  // deps' unset members are the real ones (default_dependencies()).
  Session(SessionOptions options, Environment environment,
          Dependencies deps = {});
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Runs the session on the calling thread until it stops, handing events
  // and records to sink, and returns what happened. Call it once.
  SessionResult run(events::EventSink& sink);
  // Asks the session to stop, drained, as the stop flag does. Thread-safe;
  // before run() it makes run() stop as soon as it can. A call once the
  // session has begun to stop (a second call, or one after the duration
  // ran out) ends it at once, as a second Ctrl-C does.
  void stop() { stop_requests_.fetch_add(1); }
  // This session's marker token (gen::GenOptions::marker_token).
  std::uint32_t marker_token() const { return token_; }

private:
  SessionOptions options_;
  Environment environment_;
  Dependencies deps_;
  std::uint32_t token_;
  std::atomic<unsigned> stop_requests_{0};
};

// Runs one Session with the real dependencies on env, with diag's hooks:
// what a mode does once it has resolved its environment.
SessionResult run_session(SessionOptions options, const Environment& env,
                          events::EventSink& sink,
                          const Diagnostics& diag = {});
// The same, resolving the Environment from options.bpftrace first.
SessionResult run_session(const SessionOptions& options,
                          events::EventSink& sink,
                          const Diagnostics& diag = {});

// The options the syscalls, slow, count and latency modes all take the
// same way, copied into S from the mode's options O (which has
// duration_seconds, target.command, bpftrace, bpftrace_version, stop_flag,
// on_program, before_start and on_attached), with GENERATOR making the program
// and PIDS the resolved -p targets.
template <class ModeOptions>
SessionOptions mode_session_options(const ModeOptions& o,
                                    ProgramGenerator generator,
                                    std::vector<std::int64_t> pids) {
  SessionOptions s;
  s.generator = std::move(generator);
  s.duration_seconds = o.duration_seconds;
  s.command = o.target.command;
  s.command_stdout_to_stderr = o.target.command_stdout_to_stderr;
  s.target_pids = std::move(pids);
  s.bpftrace = o.bpftrace;
  s.bpftrace_version = o.bpftrace_version;
  s.stop_flag = o.stop_flag;
  s.on_program = o.on_program;
  s.before_start = o.before_start;
  s.on_attached = o.on_attached;
  return s;
}

// Checks what the engine alone takes (buffer_pages), before anything
// starts: Session::run and dry_run() call it.
Result<void> validate_engine_options(const SessionOptions& options);

// Generates the program for options without running it (--dry-run), for
// the version of the bpftrace a session would run: options.bpftrace_version
// when set, else bpftrace's answer to `--version`. A bpftrace that was
// named or is installed but does not answer is an error; only when none
// is installed is the program for the oldest supported version (0.17). Reads
// tracefs when it can, and falls back to sctrace's built-in syscall table
// when tracefs is not readable (not root).
Result<gen::GeneratedProgram> dry_run(const SessionOptions& options);

} // namespace sctrace::engine
