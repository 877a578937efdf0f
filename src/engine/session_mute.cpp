// SessionRun::mute_perf_samples: run/perf_mute.h for the program's
// classic tracepoints, best effort.
#include <cstdlib>
#include <string>

#include "engine/session_run.h"
#include "gen/tracefs.h"
#include "run/event_list.h"

namespace sctrace::engine {

// Mutes the program's tracepoints when the session runs on the machine's
// own tracefs (not a recorded tree, whose ids are not this kernel's) and
// SCTRACE_KEEP_PERF_SAMPLES is not set (for running perf on the same
// tracepoints at the same time). A failure costs only speed: it is logged
// and the session goes on.
void SessionRun::mute_perf_samples() {
  const char* keep = std::getenv("SCTRACE_KEEP_PERF_SAMPLES");
  if (keep != nullptr && *keep != '\0' && std::string(keep) != "0")
    return;
  const auto mounted = gen::find_tracefs();
  if (!mounted || *mounted != env_.tracefs)
    return;
  auto names = run::program_tracepoints(program_text_);
  if (!names)
    return;
  auto mute = run::mute_tracepoints(*names, env_.tracefs);
  if (!mute.ok()) {
    note(("tracepoints left on perf's sample path: " + mute.error().message)
             .c_str());
    return;
  }
  mute_ = std::move(mute).value();
  std::string line = "perf's sample path muted on";
  for (const auto& n : mute_->tracepoints())
    line += " " + n;
  note(line.c_str());
}

} // namespace sctrace::engine
