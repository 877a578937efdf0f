#include "modes/trace/run.h"

namespace sctrace::trace {

namespace {

// Passes events to the writer.
class WriterSink final : public events::EventSink {
public:
  explicit WriterSink(events::EventWriter& w) : writer_(w) {}
  void on_event(const events::TraceEvent& e) override { writer_.event(e); }

private:
  events::EventWriter& writer_;
};

std::vector<std::string> warnings_for(const engine::SessionResult& r) {
  std::vector<std::string> out;
  if (r.summary.events_dropped > 0)
    out.push_back(std::to_string(r.summary.events_dropped) +
                  " events were dropped by the kernel because sctrace could "
                  "not keep up; narrow the probes, filter by pid (-p), or "
                  "raise the buffer (-b)");
  if (!r.summary.loss_exact)
    out.push_back(events::inexact_loss_warning());
  if (r.summary.helper_errors > 0)
    out.push_back("bpftrace reported " +
                  std::to_string(r.summary.helper_errors) +
                  " helper errors (some values could not be read), last: " +
                  (r.helper_errors.empty() ? "?" : r.helper_errors.back()));
  if (r.withheld_stacks > 0)
    out.push_back(events::withheld_stacks_warning(r.withheld_stacks));
  return out;
}

} // namespace

TraceResult run_trace(engine::SessionOptions so, events::EventWriter& writer,
                      std::ostream& out,
                      const engine::Diagnostics& diagnostics) {
  // Output is flushed after each batch read from bpftrace, not per event.
  writer.set_flush_each(false);
  so.on_attached = [&, then = so.on_attached] {
    writer.begin();
    out.flush();
    if (then)
      then();
  };
  so.on_batch = [&] { out.flush(); };
  WriterSink sink(writer);
  engine::SessionResult r = engine::run_session(so, sink, diagnostics);
  if (!r.summary.stop_reason.empty() || r.summary.total_events > 0 || !r.error)
    writer.finish(r.summary);
  out.flush();
  TraceResult res;
  res.summary = r.summary;
  res.error = r.error;
  res.warnings = warnings_for(r);
  res.bpftrace_stderr = r.bpftrace_stderr;
  if (!res.error && (writer.failed() || out.fail()))
    res.error = make_error(ErrorKind::Io,
                           "writing the output failed (disk full or closed "
                           "pipe?); events after the failure were lost");
  return res;
}

} // namespace sctrace::trace
