#include "modes/trace/trace_mode.h"

#include <time.h>

#include <string>
#include <utility>

#include "gen/probe_resolve.h"

namespace sctrace::trace {

namespace {

bool traces_exec(const std::vector<spec::TraceSpec>& specs) {
  for (const auto& s : specs) {
    const std::string name = gen::syscall_name_of(s.target);
    if (name == "execve" || name == "execveat")
      return true;
  }
  return false;
}

// Strings shown as <unreadable>, and a probe that reads them better.
std::string unreadable_warning(std::uint64_t count,
                               const std::vector<spec::TraceSpec>& specs) {
  std::string w =
      std::to_string(count) +
      " string arguments could not be read and are shown as " +
      events::kUnreadableString +
      " (null in JSON, listed in unreadable_args): bpftrace reads memory "
      "without faulting pages in, so a string the process has not touched "
      "yet reads as nothing (bpftrace cannot tell that from an empty "
      "string)";
  if (traces_exec(specs))
    w += "; for the name of an exec'd program, trace "
         "`t:sched:sched_process_exec \"%s\", args->filename`, which reads it "
         "from kernel memory once the exec succeeded";
  else
    w += "; read the string where the process has used it, e.g. in a "
         "return probe (r:) or at the syscall's exit";
  return w;
}

std::vector<std::string>
warnings_for(const engine::SessionResult& r,
             const std::vector<spec::TraceSpec>& specs) {
  std::vector<std::string> out;
  if (r.summary.unreadable_strings > 0)
    out.push_back(unreadable_warning(r.summary.unreadable_strings, specs));
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
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  writer_.set_trace_start(static_cast<std::uint64_t>(now.tv_sec) *
                              1'000'000'000 +
                          static_cast<std::uint64_t>(now.tv_nsec));
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
  result_.warnings = warnings_for(r, options_.specs);
  result_.bpftrace_stderr = r.bpftrace_stderr;
  if (!result_.error && (writer_.failed() || out_.fail()))
    result_.error =
        make_error(ErrorKind::Io, "writing the output failed (disk full or "
                                  "closed pipe?); events after the failure "
                                  "were lost");
}

} // namespace sctrace::trace
