// A mode: what a trace is for, as one object the engine drives. It makes
// the bpftrace program, takes the events and map records (typed, as
// events::MapRecord) as they are parsed, and once the output has ended
// fills its own summary. The trace.py mode (modes/trace/), `syscalls` and
// `slow` (modes/syscalls/) and `count` and `latency` (modes/stats/) are
// each one Mode; a library user can write another.
//
// Contract (run_mode and a Session run on the calling thread; every call
// below happens on that thread, one at a time, in this order):
//  1. program() once to validate the program, before any process starts,
//     and once more for the run, with the pids to exclude, the command's
//     pid (GenOptions::follow_root) and the marker token filled in. A
//     failing first call ends the run there (its error is the session's).
//     What a mode learns from the call (the string size, the command's
//     pid) is the run's from the second call on.
//  2. on_attached() once the probes are live, before the command starts.
//  3. on_event() and on_map() (EventSink) for every event and printed map,
//     in output order; on_batch() after each batch of them; output_failed()
//     polled in the event loop (true: the trace stops at once, without
//     draining, with stop_reason "output_failed").
//  4. finish() exactly once, with the session's result, whether the trace
//     ran, failed or never started: the mode fills its summary from it and
//     from what it took in 3. The maps the mode did not take are in
//     SessionResult::maps.
// The hooks of SessionOptions (on_attached, on_batch, output_failed) still
// work: each is called after the mode's (output_failed: either one stops).
#pragma once

#include "engine/dependencies.h"
#include "engine/environment.h"
#include "engine/session.h"
#include "events/bpftrace_parser.h"
#include "gen/generator.h"
#include "util/result.h"

namespace sctrace::engine {

class Mode : public events::EventSink {
public:
  // Makes the bpftrace program (SessionOptions::generator's contract).
  virtual Result<gen::GeneratedProgram>
  program(const gen::KernelCatalog& catalog, const gen::GenOptions& gen) = 0;
  // The probes are attached (a writer prints its header here).
  virtual void on_attached() {}
  // A batch of output has reached the mode (a writer flushes here).
  virtual void on_batch() {}
  // True once the mode's output can no longer be written.
  virtual bool output_failed() const { return false; }
  // The output has ended: fill the mode's summary.
  virtual void finish(const SessionResult& result,
                      const Environment& environment) = 0;
};

// options with the mode wired in: its program as the generator, its hooks
// before the options' own. For a caller that builds its own Session (to
// stop it from another thread): run it with the mode as the sink, then
// call mode.finish().
SessionOptions bind_mode(Mode& mode, SessionOptions options);

// Runs one Session of the mode on env with the real dependencies and
// diag's hooks (as run_session does), then calls mode.finish(). Returns
// the session's result, which finish() has seen.
SessionResult run_mode(Mode& mode, SessionOptions options,
                       const Environment& env, const Diagnostics& diag = {});
// The same with the given dependencies (unset members: the real ones).
SessionResult run_mode(Mode& mode, SessionOptions options,
                       const Environment& env, Dependencies deps);

} // namespace sctrace::engine
