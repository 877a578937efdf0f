#include "modes/stats/stats_mode.h"

#include <string>
#include <utility>
#include <vector>

#include "events/bpftrace_parser.h"

namespace sctrace::stats {

namespace {

void fill_tool_stats(StatsToolStats& t, const engine::SessionResult& r,
                     const engine::Environment& env, const StatsSink& sink,
                     int map_keys) {
  t.bpftrace_version = env.version.text();
  t.cpu_overhead_percent =
      r.summary.duration_seconds > 0
          ? 100.0 * r.summary.cpu_seconds / r.summary.duration_seconds
          : 0;
  t.map_keys = map_keys;
  t.largest_map = sink.largest_map();
  t.map_full = t.largest_map >= static_cast<std::size_t>(t.map_keys);
  t.bad_keys = sink.bad_keys();
  t.helper_errors = r.summary.helper_errors;
  // Where the dialect can lose the update that creates a key, the
  // programs never let a counting update create one (gen/stats_program.h):
  // their EEXIST errors are the zeros and repeats made for that. Elsewhere
  // an EEXIST, which no checked version gives, is an update lost.
  t.updates_lost = env.dialect.racy_key_creation ? 0 : r.map_updates_lost;
  t.drained = r.summary.drained;
}

std::vector<std::string> warnings_for(const StatsToolStats& t) {
  std::vector<std::string> warnings;
  if (t.map_full)
    warnings.push_back(
        "a map reached its limit of " + std::to_string(t.map_keys) +
        " keys, so calls of new keys were not counted; trace fewer "
        "processes, or drop -P");
  if (t.updates_lost)
    warnings.push_back(
        std::to_string(t.updates_lost) +
        " map updates were lost, so the numbers miss up to that many calls: "
        "bpftrace " +
        t.bpftrace_version +
        " dropped an update when two CPUs created the same map key at once "
        "(map_update_elem returned EEXIST, as bpftrace 0.23 does; see "
        "bpftrace issue #4068). Use bpftrace 0.17 or 0.23 for exact numbers");
  return warnings;
}

} // namespace

StatsMode::StatsMode(const StatsOptions& o, gen::StatsProgramOptions program,
                     const engine::Environment& env, StatsWriter& writer)
    : program_(std::move(program)), writer_(writer),
      sink_(writer, o, events::realtime_offset_ns(),
            env.dialect.escaped_map_keys) {}

Result<gen::GeneratedProgram>
StatsMode::program(const gen::KernelCatalog& catalog,
                   const gen::GenOptions& gen) {
  return gen::generate_stats(program_, catalog, gen);
}

void StatsMode::finish(const engine::SessionResult& r,
                       const engine::Environment& env) {
  sink_.finish();
  std::optional<Error> error = write_total(r);
  fill_summary(r, env);
  writer_.finish(result_.summary);
  result_.warnings = warnings_for(result_.summary.tool_stats);
  if (writer_.failed() && !error)
    result_.error = make_error(ErrorKind::Io, "writing the output failed");
  if (error)
    result_.error = error;
  result_.bpftrace_stderr = r.bpftrace_stderr;
}

std::optional<Error> StatsMode::write_total(const engine::SessionResult& r) {
  if (!sink_.has_total()) {
    if (r.error)
      return r.error;
    return make_error(ErrorKind::System,
                      "bpftrace ended without printing its final "
                      "counts (stop reason: " +
                          r.summary.stop_reason +
                          "); run with -v to see its messages");
  }
  Report total = sink_.total();
  writer_.total(total);
  result_.summary.total_calls = total.total_count;
  result_.summary.total_errors = total.total_errors;
  return r.error;
}

void StatsMode::fill_summary(const engine::SessionResult& r,
                             const engine::Environment& env) {
  StatsSummary& sum = result_.summary;
  sum.duration_seconds = sink_.seconds_total();
  sum.calls_per_second =
      sum.duration_seconds > 0 ? sum.total_calls / sum.duration_seconds : 0;
  sum.intervals = sink_.intervals();
  sum.stop_reason = r.summary.stop_reason;
  sum.command_exit_code = r.summary.command_exit_code;
  fill_tool_stats(sum.tool_stats, r, env, sink_, gen::stats_map_keys(program_));
}

} // namespace sctrace::stats
