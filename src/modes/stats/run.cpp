#include "modes/stats/run.h"

#include <charconv>
#include <cmath>
#include <utility>

#include "decode/errno_names.h"
#include "engine/mode.h"
#include "engine/session.h"
#include "modes/stats/stats_mode.h"
#include "targets/selection.h"

namespace sctrace::stats {

Result<int> parse_errno(std::string_view text) {
  int value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && p == text.data() + text.size()) {
    if (value > 0 && value <= 4095)
      return value;
  } else if (auto n = decode::errno_from_name(text)) {
    return *n;
  }
  return make_error(ErrorKind::Invalid,
                    "unknown errno '" + std::string(text) +
                        "'; give a name like ENOENT or a number from 1 to "
                        "4095");
}

namespace {

Result<gen::StatsProgramOptions> program_options(const StatsOptions& o) {
  gen::StatsProgramOptions p;
  p.kind = o.kind;
  SCTRACE_TRY_ASSIGN(target, targets::resolve_target(o.target));
  p.target = std::move(target);
  if (!o.selection.empty()) {
    SCTRACE_TRY_ASSIGN(ids, targets::parse_selection(o.selection));
    p.syscalls = ids;
    if (p.syscalls.empty())
      return make_error(ErrorKind::Invalid,
                        "no syscall is selected; check the syscall list");
  }
  p.per_process = o.per_process;
  p.only_failed = o.only_failed;
  if (!o.errno_text.empty()) {
    SCTRACE_TRY_ASSIGN(e, parse_errno(o.errno_text));
    p.errno_value = e;
  }
  if (o.interval_seconds < 0 || !std::isfinite(o.interval_seconds))
    return make_error(ErrorKind::Invalid, "-i takes seconds above 0");
  p.interval_ms =
      static_cast<std::uint64_t>(std::llround(o.interval_seconds * 1000));
  if (o.interval_seconds > 0 && p.interval_ms < 10)
    return make_error(ErrorKind::Invalid, "-i must be at least 0.01 seconds");
  p.map_keys = o.map_keys;
  p.follow_command = !o.target.command.empty();
  return p;
}

// The session's options; the program is the mode's (or the dry run's).
engine::SessionOptions session_options(const StatsOptions& o,
                                       const gen::StatsProgramOptions& p) {
  auto s = engine::mode_session_options(o, {}, p.target.pids); // each once
  // The numbers come from END: give it time on a loaded machine.
  s.stop_grace_seconds = 15;
  return s;
}

} // namespace

Result<std::string> stats_dry_run(const StatsOptions& o) {
  SCTRACE_TRY_ASSIGN(p, program_options(o));
  engine::SessionOptions s = session_options(o, p);
  s.generator = [&p](const gen::KernelCatalog& catalog,
                     const gen::GenOptions& g) {
    return gen::generate_stats(p, catalog, g);
  };
  SCTRACE_TRY_ASSIGN(prog, engine::dry_run(s));
  return prog.text;
}

StatsResult run_stats(const StatsOptions& o, StatsWriter& writer) {
  auto p = program_options(o);
  auto env = p.ok() ? engine::resolve_environment(o.bpftrace)
                    : Result<engine::Environment>(p.error());
  if (!env.ok()) {
    StatsResult res;
    res.error = env.error();
    return res;
  }
  engine::SessionOptions s = session_options(o, *p);
  StatsMode mode(o, std::move(*p), *env, writer);
  engine::run_mode(mode, std::move(s), *env, o.diagnostics);
  return mode.result();
}

} // namespace sctrace::stats
