// The trace.py mode: the events of trace.py-style probe specs, written as
// they come by an events::EventWriter (text, JSON, JSONL or CSV), with
// the warnings trace.py users expect (events dropped, helper errors).
//
// Contract: the writer's header is written once the probes are live (a
// readiness signal for anyone tailing the output), the output is flushed
// after each batch of bpftrace output (streaming without a write per
// event), and the writer's summary ends the output whenever the trace ran.
// A write that failed and no other error makes result.error an Io error.
// run_trace runs a TraceMode (modes/trace/trace_mode.h) with
// engine::run_mode; the program comes from options.specs.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "engine/session.h"
#include "events/writer.h"

namespace sctrace::trace {

struct TraceResult {
  events::Summary summary;
  std::optional<Error> error;
  std::vector<std::string> warnings;
  std::string bpftrace_stderr;
  // Whether the trace ran (its writer was finished and the summary means
  // something); false when the input or the environment was refused
  // before bpftrace attached anything.
  bool ran = false;
};

TraceResult run_trace(engine::SessionOptions options,
                      events::EventWriter& writer, std::ostream& out,
                      const engine::Diagnostics& diagnostics = {});

} // namespace sctrace::trace
