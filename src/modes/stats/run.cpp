#include "modes/stats/run.h"

#include <charconv>
#include <cmath>

#include "decode/errno_names.h"
#include "engine/session.h"
#include "events/bpftrace_parser.h"
#include "gen/tracefs.h"
#include "modes/stats/snapshot.h"
#include "run/bpftrace.h"
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

engine::SessionOptions session_options(const StatsOptions& o,
                                       const gen::StatsProgramOptions& p) {
  auto s = engine::mode_session_options(
      o,
      [p](const gen::KernelCatalog& catalog, const gen::GenOptions& g) {
        return gen::generate_stats(p, catalog, g);
      },
      p.target.pids); // resolved: each pid once
  // The numbers come from END: give it time on a loaded machine.
  s.stop_grace_seconds = 15;
  return s;
}

// Turns snapshots into interval reports as they arrive, and keeps the
// first and last for the total.
class StatsSink final : public events::EventSink {
public:
  StatsSink(StatsWriter& writer, const StatsOptions& o, std::int64_t offset,
            bool escaped_keys)
      : writer_(writer), o_(o), offset_(offset), collector_(escaped_keys) {}
  void on_event(const events::TraceEvent&) override {}
  bool on_map(const events::MapRecord& map) override {
    if (auto snap = collector_.add(map))
      take(std::move(*snap));
    return true;
  }
  // The output has ended: takes the final snapshot, when END printed one.
  void finish() {
    if (auto snap = collector_.finish())
      take(std::move(*snap));
  }
  std::uint64_t repeated_maps() const { return collector_.repeated_maps(); }
  bool has_total() const { return first_ && last_.final; }
  Report total() const {
    Snapshot d = difference(last_, *first_);
    Report r =
        make_report(d, seconds(first_->kernel_ns, last_.kernel_ns), o_.report);
    stamp(r, first_->kernel_ns, last_.kernel_ns);
    return r;
  }
  double seconds_total() const {
    return first_ ? seconds(first_->kernel_ns, last_.kernel_ns) : 0;
  }
  int intervals() const { return intervals_; }
  std::size_t largest_map() const { return largest_map_; }
  std::uint64_t bad_keys() const { return bad_keys_; }

private:
  // One snapshot, in output order: the first is the baseline; each later
  // one closes an interval (with -i) and is the newest total.
  void take(Snapshot snap) {
    largest_map_ = std::max(largest_map_, snap.largest_map);
    bad_keys_ = std::max(bad_keys_, snap.bad_keys);
    if (!first_) {
      first_ = snap;
      last_ = std::move(snap);
      return;
    }
    if (o_.interval_seconds > 0) {
      Snapshot d = difference(snap, last_);
      // The END snapshot closes a partial interval: report it when calls
      // happened in it.
      if (!snap.final || !d.syscalls.empty() || !d.processes.empty())
        emit_interval(d, last_.kernel_ns);
    }
    last_ = std::move(snap);
  }
  static double seconds(std::uint64_t a, std::uint64_t b) {
    return b > a ? static_cast<double>(b - a) / 1e9 : 0;
  }
  std::uint64_t wall(std::uint64_t kernel_ns) const {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(kernel_ns) +
                                      offset_);
  }
  // Moves the report's kernel times (its span, each process's start) to
  // the wall clock; a start of 0 (unknown) stays 0.
  void stamp(Report& r, std::uint64_t start, std::uint64_t end) const {
    r.start_ns = wall(start);
    r.end_ns = wall(end);
    for (ProcessRow& p : r.processes)
      if (p.start_ns != 0)
        p.start_ns = wall(p.start_ns);
  }
  void emit_interval(const Snapshot& d, std::uint64_t start) {
    Report r = make_report(d, seconds(start, d.kernel_ns), o_.report);
    r.index = ++intervals_;
    stamp(r, start, d.kernel_ns);
    writer_.interval(r);
    writer_.flush();
  }

  StatsWriter& writer_;
  const StatsOptions& o_;
  std::int64_t offset_;
  SnapshotCollector collector_;
  std::optional<Snapshot> first_;
  Snapshot last_;
  int intervals_ = 0;
  std::size_t largest_map_ = 0;
  std::uint64_t bad_keys_ = 0;
};

} // namespace

Result<std::string> stats_dry_run(const StatsOptions& o) {
  SCTRACE_TRY_ASSIGN(p, program_options(o));
  SCTRACE_TRY_ASSIGN(prog, engine::dry_run(session_options(o, p)));
  return prog.text;
}

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

StatsResult run_stats(const StatsOptions& o, StatsWriter& writer) {
  StatsResult res;
  auto p = program_options(o);
  auto env = p.ok() ? engine::resolve_environment(o.bpftrace)
                    : Result<engine::Environment>(p.error());
  if (!env.ok()) {
    res.error = env.error();
    return res;
  }
  engine::SessionOptions s = session_options(o, *p);
  StatsSink sink(writer, o, events::realtime_offset_ns(),
                 env->dialect.escaped_map_keys);
  s.output_failed = [&writer] { return writer.failed(); };
  engine::SessionResult r =
      engine::run_session(std::move(s), *env, sink, o.diagnostics);
  sink.finish();

  StatsSummary& sum = res.summary;
  if (sink.has_total()) {
    Report total = sink.total();
    writer.total(total);
    sum.total_calls = total.total_count;
    sum.total_errors = total.total_errors;
  } else if (!r.error) {
    r.error = make_error(ErrorKind::System,
                         "bpftrace ended without printing its final "
                         "counts (stop reason: " +
                             r.summary.stop_reason +
                             "); run with -v to see its messages");
  }
  sum.duration_seconds = sink.seconds_total();
  sum.calls_per_second =
      sum.duration_seconds > 0 ? sum.total_calls / sum.duration_seconds : 0;
  sum.intervals = sink.intervals();
  sum.stop_reason = r.summary.stop_reason;
  sum.command_exit_code = r.summary.command_exit_code;
  fill_tool_stats(sum.tool_stats, r, *env, sink, gen::stats_map_keys(*p));
  const StatsToolStats& t = sum.tool_stats;
  writer.finish(sum);
  res.warnings = warnings_for(t);
  if (writer.failed() && !r.error)
    res.error = make_error(ErrorKind::Io, "writing the output failed");
  if (r.error)
    res.error = r.error;
  res.bpftrace_stderr = r.bpftrace_stderr;
  return res;
}

} // namespace sctrace::stats
