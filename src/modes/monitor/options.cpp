#include "modes/monitor/options.h"

#include <cmath>

#include "gen/syscall_table.h"
#include "targets/selection.h"

namespace sctrace::monitor {

namespace {

Error invalid(std::string message) {
  return make_error(ErrorKind::Invalid, std::move(message));
}

Result<void> check_numbers(const MonitorOptions& o) {
  if (!std::isfinite(o.interval_seconds) || o.interval_seconds < 0.1 ||
      o.interval_seconds > 60)
    return invalid("the interval must be 0.1 to 60 seconds");
  if (o.by_comm && o.top_comms < 1)
    return invalid("--by comm needs a top-N of at least 1");
  if (o.slow_per_snapshot < 1)
    return invalid("slow calls per snapshot must be at least 1");
  if (o.max_restarts < 0)
    return invalid("max restarts must be 0 or more");
  for (const auto& [nr, ns] : o.thresholds.by_syscall)
    if (gen::syscall_name(nr).empty())
      return invalid("a threshold names syscall number " + std::to_string(nr) +
                     ", which x86_64 lacks; name a syscall (read=10ms)");
  return Ok{};
}

} // namespace

Result<gen::MonitorProgramOptions> program_options(const MonitorOptions& o) {
  SCTRACE_TRY(check_numbers(o));
  gen::MonitorProgramOptions p;
  SCTRACE_TRY_ASSIGN(target, targets::resolve_target(o.target));
  p.target = std::move(target);
  if (!o.selection.empty()) {
    SCTRACE_TRY_ASSIGN(ids, targets::parse_selection(o.selection));
    if (ids.empty())
      return invalid("no syscall is selected; check the syscall list");
    p.syscalls = ids;
  }
  p.interval_ms =
      static_cast<std::uint64_t>(std::llround(o.interval_seconds * 1000));
  p.thresholds = o.thresholds.by_syscall;
  p.default_threshold_ns = o.thresholds.default_ns;
  if (!p.default_threshold_ns && p.thresholds.empty())
    p.default_threshold_ns = kDefaultThresholdNs;
  p.by_comm = o.by_comm;
  p.follow_command = !o.target.command.empty();
  return p;
}

} // namespace sctrace::monitor
