// The trace.py mode as an engine::Mode: the program of trace.py-style
// probe specs (gen::generate, as a Session makes it from
// SessionOptions::specs when it has no generator), their events written as they
// come by an events::EventWriter, and the result with the warnings trace.py
// users expect (events dropped, helper errors).
//
// Contract: the writer's header is written once the probes are live (a
// readiness signal for anyone tailing the output), the output is flushed
// after each batch of bpftrace output (streaming without a write per
// event), and finish() ends the output with the writer's summary whenever
// the trace ran. A write that failed and no other error makes the
// result's error an Io error.
#pragma once

#include <ostream>

#include "engine/mode.h"
#include "events/writer.h"
#include "modes/trace/run.h"

namespace sctrace::trace {

class TraceMode final : public engine::Mode {
public:
  // The program comes from options.specs (or options.generator, when
  // set), as a Session without a mode makes it. Sets the writer to flush per
  // batch (on_batch), not per event.
  TraceMode(engine::SessionOptions options, events::EventWriter& writer,
            std::ostream& out);

  Result<gen::GeneratedProgram> program(const gen::KernelCatalog& catalog,
                                        const gen::GenOptions& gen) override;
  void on_event(const events::TraceEvent& e) override { writer_.event(e); }
  void on_attached() override;
  void on_batch() override { out_.flush(); }
  void finish(const engine::SessionResult& r,
              const engine::Environment& env) override;

  // What finish() made of the trace.
  const TraceResult& result() const { return result_; }

private:
  engine::SessionOptions options_;
  events::EventWriter& writer_;
  std::ostream& out_;
  TraceResult result_;
};

} // namespace sctrace::trace
