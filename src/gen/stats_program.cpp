#include "gen/stats_program.h"

#include <algorithm>

#include "gen/layout.h"
#include "gen/raw_syscalls.h"
#include "gen/render.h"
#include "gen/syscall_table.h"
#include "gen/syscall_target.h"
#include "gen/task_fields.h"

namespace sctrace::gen {

using kainjow::mustache::data;

namespace {

data map_list(std::initializer_list<const char*> names) {
  data list{data::type::list};
  for (const char* n : names) {
    data m;
    m.set("map", n);
    list << m;
  }
  return list;
}

} // namespace

int stats_map_keys(const StatsProgramOptions& o) {
  if (o.map_keys > 0)
    return o.map_keys;
  // Per process: a key per (pid, start, comm, syscall) seen.
  if (o.per_process)
    return 65536;
  // Latency: a start per thread inside a syscall. bpftrace sizes every
  // map alike (and the per-CPU ones once per CPU), so the whole system's
  // threads get 65536 and one process or command 8192.
  if (o.kind == StatsKind::Latency)
    return o.target.pids.empty() && !o.follow_command ? 65536 : 8192;
  return 4096; // syscall numbers (bpftrace's default)
}

namespace {

// The options' combinations that are errors.
Result<void> check_stats_options(const StatsProgramOptions& o) {
  if (o.kind == StatsKind::Latency &&
      (o.per_process || o.only_failed || o.errno_value))
    return make_error(ErrorKind::Invalid,
                      "latency takes no -P, -x or -e: those are options of "
                      "sctrace count");
  if (o.only_failed && o.errno_value)
    return make_error(ErrorKind::Invalid,
                      "-x (failed calls) and -e ERRNO (calls failing with "
                      "ERRNO) overlap; use one of them");
  if (o.errno_value && (*o.errno_value <= 0 || *o.errno_value > 4095))
    return make_error(ErrorKind::Invalid, "errno " +
                                              std::to_string(*o.errno_value) +
                                              " is out of range (1 to 4095)");
  if (o.interval_ms && o.interval_ms < 10)
    return make_error(ErrorKind::Invalid,
                      "the interval must be at least 10 ms");
  return Ok{};
}

// Sets the target predicates in D: `predicate` (every probe) and, for
// latency, the entry probe's (set_entry_probe: with the drain marker).
// count on raw tracepoints takes the marker in its exit probe
// (set_marker_probe): a probe on syscalls:sys_enter_getcpu would make the
// kernel run its perf handler on every syscall of every process, which
// cost an untraced read() loop 23-80 ns a call (issue 17).
void set_predicates(data& d, const StatsProgramOptions& o,
                    const GenOptions& opt, const RawSyscalls& rs,
                    bool latency) {
  // count and latency gate the command's calls at its execve (the release
  // read before it is sctrace's); latency stashes from the first call so
  // execve itself is timed.
  auto parts = target_predicate_parts(o.target, opt, FollowMatch::AfterExec);
  const std::string predicate = join_and(parts);
  if (!latency && rs.raw)
    set_marker_probe(d, rs, opt.marker_pid, parts, "predicate");
  else if (!predicate.empty())
    d.set("predicate", predicate);
  if (latency)
    set_entry_probe(d, rs, opt.marker_pid,
                    target_predicate_parts(o.target, opt, FollowMatch::Any));
}

// The selection test on $nr ("1" for every syscall); sets want_map and
// the `wanted` list in D when the selection is tested through a map.
std::string set_selection(data& d, const StatsProgramOptions& o) {
  if (o.syscalls.empty())
    return "1";
  std::vector<std::string> values; // the selected ids, as keys
  std::vector<int> ids = o.syscalls;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (int id : ids)
    values.push_back(std::to_string(id));
  // Exits report rt_sigreturn as -1 (syscall_table.h).
  if (std::find(ids.begin(), ids.end(), gen::exit_syscall_number(-1)) !=
      ids.end())
    values.push_back("-1");
  return select_syscalls(d, values);
}

// Sets how the counts are added (`agg`) and how keys are created
// (exact_keys, seed and seed_last, or create_first) in D.
void set_aggregation(data& d, const StatsProgramOptions& o,
                     const Dialect& dialect, bool latency) {
  // bpftrace 0.23 drops the update of a CPU that loses the race to
  // create a key (Dialect::racy_key_creation), so no counting update may
  // create one. count's per-syscall keys are known: BEGIN creates every
  // syscall number's count key (0 to the table's last, and -1) with
  // sum(0), in a loop because a statement per key would need a stack slot
  // each. Other keys (-P, or too few map keys for the seeds) and every
  // errors key (seeding a second map costs about 30 ms of verifying, and
  // only failed calls pay for not seeding it) are created by a sum(0) just
  // before the sum(1) that counts: a race then loses only the zero, and
  // the sum(1) finds the key the other CPU made. count() cannot start at
  // 0, so both add with sum(); zero keys are not calls (stats/snapshot.h).
  std::string agg = "count()";
  // latency creates its keys on a (syscall, bucket)'s first call instead
  // (templates/latency.tmpl).
  if (dialect.racy_key_creation && latency)
    d.set("exact_keys", true);
  if (dialect.racy_key_creation && !latency) {
    agg = "sum(1)";
    d.set("create_errors", true);
    const int last =
        syscall_table().empty() ? 0 : syscall_table().back().number;
    if (!o.per_process && 2 * (last + 2) <= stats_map_keys(o)) {
      d.set("seed", true);
      d.set("seed_last", std::to_string(last));
    } else {
      d.set("create_first", true);
    }
  }
  d.set("agg", agg);
}

// Sets the counting filter, the key, the printed maps and the interval
// in D.
void set_counting(data& d, const StatsProgramOptions& o,
                  const std::string& select, bool latency,
                  const std::string& start) {
  std::string filter = select;
  if (o.only_failed)
    filter =
        (select == "1" ? "" : select + " && ") + "$ret < 0 && $ret >= -4095";
  if (o.errno_value)
    filter = (select == "1" ? "" : select + " && ") + "$ret == -" +
             std::to_string(*o.errno_value);
  d.set("filter", filter);
  // -P: the process is (pid, start time), so a reused pid is a new key.
  d.set("key",
        o.per_process ? "pid, " + start + ", comm, $nr" : std::string("$nr"));
  d.set("maps",
        latency ? map_list({"@sctrace_hist", "@sctrace_total", "@sctrace_min",
                            "@sctrace_max", "@sctrace_errors"})
                : map_list({"@sctrace_count", "@sctrace_errors"}));
  if (o.interval_ms) {
    d.set("interval", true);
    d.set("interval_ms", std::to_string(o.interval_ms));
  }
}

// latency's start stash in D (set_start_stash: the time, and on raw
// tracepoints the number), and how its exit and sched_process_exit read it:
// a tuple's fields, or the time itself.
void set_latency_start(data& d, const RawSyscalls& rs) {
  set_start_stash(d, rs, {}, {});
  d.set("start_set",
        rs.raw ? "@sctrace_start[tid].0 != 0" : "@sctrace_start[tid] != 0");
  d.set("exit_start_nr", rs.raw ? "$s.1" : rs.exit_nr());
}

} // namespace

Result<GeneratedProgram> generate_stats(const StatsProgramOptions& o,
                                        const KernelCatalog& catalog,
                                        const GenOptions& opt) {
  SCTRACE_TRY(check_stats_options(o));
  data d;
  d.set("bpftrace_version", opt.version.text());
  const bool latency = o.kind == StatsKind::Latency;
  // How raw_syscalls is attached, and whether keys must be seeded: the
  // places the versions differ.
  const Dialect dialect = dialect_for(opt.version);
  const RawSyscalls rs = raw_syscalls_for(dialect);
  set_predicates(d, o, opt, rs, latency);
  const std::string select = set_selection(d, o);
  d.set("select", select);
  set_aggregation(d, o, dialect, latency);
  set_counting(d, o, select, latency, process_start(catalog, dialect));
  set_session_blocks(d, opt);
  set_raw_syscalls(d, rs);
  set_latency_start(d, rs);

  GeneratedProgram prog;
  prog.text = render_template(latency ? "latency" : "count", d);
  prog.env.emplace_back(dialect.map_keys_env,
                        std::to_string(stats_map_keys(o)));
  // No events: the layout has no probes; markers still drain.
  return prog;
}

} // namespace sctrace::gen
