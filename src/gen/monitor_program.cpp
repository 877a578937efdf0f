#include "gen/monitor_program.h"

#include <algorithm>
#include <string>

#include "gen/layout.h"
#include "gen/raw_syscalls.h"
#include "gen/render.h"
#include "gen/syscall_table.h"
#include "gen/syscall_target.h"

namespace sctrace::gen {

using kainjow::mustache::data;

int monitor_map_keys(const MonitorProgramOptions& o) {
  if (o.map_keys > 0)
    return o.map_keys;
  // As latency: a start per thread inside a syscall; bpftrace sizes every
  // map alike.
  return o.target.pids.empty() && !o.follow_command ? 65536 : 8192;
}

namespace {

Result<void> check_monitor_options(const MonitorProgramOptions& o) {
  if (o.interval_ms < 10 || o.interval_ms > 60000)
    return make_error(ErrorKind::Invalid,
                      "the monitor's interval must be 10 ms to 60 s");
  for (const auto& [nr, ns] : o.thresholds)
    if (syscall_name(nr).empty())
      return make_error(ErrorKind::Invalid,
                        "a threshold names syscall number " +
                            std::to_string(nr) + ", which x86_64 lacks");
  for (int nr : o.syscalls)
    if (nr < 0 || syscall_name(nr).empty())
      return make_error(ErrorKind::Invalid,
                        "unknown syscall number " + std::to_string(nr));
  return Ok{};
}

// The selection test on $nr ("1" for every syscall); fills `wanted` in D
// when it is a map lookup.
std::string set_selection(data& d, const MonitorProgramOptions& o) {
  if (o.syscalls.empty())
    return "1";
  std::vector<int> ids = o.syscalls;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<std::string> values;
  for (int id : ids)
    values.push_back(std::to_string(id));
  // Exits report rt_sigreturn as -1 (syscall_table.h).
  if (std::find(ids.begin(), ids.end(), exit_syscall_number(-1)) != ids.end())
    values.push_back("-1");
  return select_syscalls(d, values);
}

// The per-syscall thresholds (BEGIN fills @sctrace_thr) and the default.
// A threshold of 0 is stored as 1 ns: 0 means "none" in the map.
void set_thresholds(data& d, const MonitorProgramOptions& o) {
  data list{data::type::list};
  for (const auto& [nr, ns] : o.thresholds) {
    data t;
    t.set("nr", std::to_string(nr));
    t.set("ns", std::to_string(std::max<std::uint64_t>(ns, 1)));
    list << t;
  }
  if (!o.thresholds.empty()) {
    d.set("thresholds", list);
    d.set("has_thr", true);
  }
  if (o.default_threshold_ns)
    d.set("default_ns",
          std::to_string(std::max<std::uint64_t>(*o.default_threshold_ns, 1)));
}

void set_predicates(data& d, const MonitorProgramOptions& o,
                    const GenOptions& opt, const RawSyscalls& rs) {
  // The command's calls count from its execve (the release read before
  // it is sctrace's); starts are stashed from the first, so execve is
  // timed.
  auto exit = target_predicate_parts(o.target, opt, FollowMatch::AfterExec);
  if (!exit.empty())
    d.set("predicate", join_and(exit));
  set_entry_probe(d, rs, opt.marker_pid,
                  target_predicate_parts(o.target, opt, FollowMatch::Any));
}

data snapshot_maps(bool by_comm) {
  data list{data::type::list};
  std::vector<const char*> names = {"@sctrace_calls", "@sctrace_errno",
                                    "@sctrace_total", "@sctrace_hist",
                                    "@sctrace_slow",  "@sctrace_full"};
  if (by_comm)
    names.push_back("@sctrace_comm");
  for (const char* n : names) {
    data m;
    m.set("map", n);
    list << m;
  }
  return list;
}

ProbeLayout slow_layout() {
  ProbeLayout p;
  p.function = "syscall";
  p.probe = "tracepoint:raw_syscalls:sys_exit";
  for (const char* name : {"nr", "duration", "ret", "arg0"})
    p.values.push_back(ValueSlot{ValueKind::Int, name});
  p.retval_index = kMonitorSlotReturn;
  p.expose_values = true;
  return p;
}

} // namespace

Result<GeneratedProgram> generate_monitor(const MonitorProgramOptions& o,
                                          const GenOptions& opt) {
  SCTRACE_TRY(check_monitor_options(o));
  const Dialect dialect = dialect_for(opt.version);
  const RawSyscalls rs = raw_syscalls_for(dialect);
  data d;
  d.set("bpftrace_version", opt.version.text());
  set_predicates(d, o, opt, rs);
  d.set("select", set_selection(d, o));
  set_thresholds(d, o);
  if (dialect.racy_key_creation)
    d.set("racy", true);
  if (o.by_comm)
    d.set("by_comm", true);
  d.set("maps", snapshot_maps(o.by_comm));
  d.set("interval_ms", std::to_string(o.interval_ms));
  d.set("event_head", event_header("0"));
  set_raw_syscalls(d, rs);
  // The start and the first argument (set_start_stash adds the number on
  // raw tracepoints).
  set_start_stash(d, rs, {rs.entry_arg(0)}, {"(uint64)0"});
  set_session_blocks(d, opt);

  GeneratedProgram prog;
  prog.layout.numbered = !set_event_numbering(d, dialect, false);
  prog.text = render_template("monitor", d);
  prog.env.emplace_back(dialect.map_keys_env,
                        std::to_string(monitor_map_keys(o)));
  prog.layout.probes.push_back(slow_layout());
  return prog;
}

} // namespace sctrace::gen
