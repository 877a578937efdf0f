#include "modes/trace/trace_mode.h"

#include <string>
#include <utility>

namespace sctrace::trace {

namespace {

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

TraceMode::TraceMode(engine::SessionOptions options,
                     events::EventWriter& writer, std::ostream& out)
    : options_(std::move(options)), writer_(writer), out_(out) {
  writer_.set_flush_each(false);
}

Result<gen::GeneratedProgram>
TraceMode::program(const gen::KernelCatalog& catalog,
                   const gen::GenOptions& gen) {
  return engine::make_program(options_, catalog, gen);
}

void TraceMode::on_attached() {
  writer_.begin();
  out_.flush();
}

void TraceMode::finish(const engine::SessionResult& r,
                       const engine::Environment&) {
  result_.ran =
      !r.summary.stop_reason.empty() || r.summary.total_events > 0 || !r.error;
  if (result_.ran)
    writer_.finish(r.summary);
  out_.flush();
  result_.summary = r.summary;
  result_.error = r.error;
  result_.warnings = warnings_for(r);
  result_.bpftrace_stderr = r.bpftrace_stderr;
  if (!result_.error && (writer_.failed() || out_.fail()))
    result_.error =
        make_error(ErrorKind::Io, "writing the output failed (disk full or "
                                  "closed pipe?); events after the failure "
                                  "were lost");
}

} // namespace sctrace::trace
