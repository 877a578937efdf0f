// SessionRun::quiet_perf_samples: run/perf_quiet.h for bpftrace's
// tracepoint perf events, best effort.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "engine/session_run.h"
#include "run/perf_quiet.h"

namespace sctrace::engine {

// Called once every probe is live (start_running), unless
// SCTRACE_KEEP_PERF_SAMPLES is set (to compare costs with bpftrace's events
// as it opened them). A failure costs only speed: it is noted and the
// session goes on.
void SessionRun::quiet_perf_samples() {
  const char* keep = std::getenv("SCTRACE_KEEP_PERF_SAMPLES");
  if (keep != nullptr && *keep != '\0' && std::string(keep) != "0")
    return;
  auto names =
      run::quiet_tracepoint_events(bpftrace_->pid(), bpftrace_->pidfd());
  if (!names.ok()) {
    note(("bpftrace's tracepoints left on perf's sample path: " +
          names.error().message)
             .c_str());
    return;
  }
  if (names->empty())
    return;
  // Each name once (bpftrace 0.17 opens one sys_exit event per probe).
  std::string line = "perf's sample path off for " +
                     std::to_string(names->size()) +
                     " of bpftrace's tracepoint events:";
  for (std::size_t i = 0; i < names->size(); ++i)
    if (std::find(names->begin(), names->begin() + i, (*names)[i]) ==
        names->begin() + i)
      line += " " + (*names)[i];
  note(line.c_str());
}

} // namespace sctrace::engine
