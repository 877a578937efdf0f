#include "modes/monitor/monitor_mode.h"

#include <utility>

#include "gen/syscall_args.h"
#include "gen/syscall_table.h"
#include "modes/syscalls/fd_paths.h"

namespace sctrace::monitor {

std::set<long> fd_first_syscalls(const gen::KernelCatalog& catalog) {
  std::set<long> out;
  for (const auto& e : gen::syscall_table()) {
    auto fields = catalog.tracepoint_fields("syscalls", "sys_enter_" + e.event);
    if (!fields.ok())
      continue;
    auto args = gen::syscall_arg_fields(*fields);
    if (!args.empty() && syscalls::is_fd_argument(args.front().name))
      out.insert(e.number);
  }
  return out;
}

std::optional<SlowCall> slow_call_of(const events::TraceEvent& e,
                                     bool first_is_fd) {
  if (e.ints.size() != gen::kMonitorSlots)
    return std::nullopt;
  SlowCall c;
  c.wall_ns = static_cast<std::int64_t>(e.timestamp_ns);
  c.pid = e.pid;
  c.tid = e.tid;
  c.comm = e.comm;
  c.syscall = gen::syscall_display_name(
      gen::exit_syscall_number(e.ints[gen::kMonitorSlotNr]));
  const std::int64_t d = e.ints[gen::kMonitorSlotDuration];
  c.duration_ns = d > 0 ? static_cast<std::uint64_t>(d) : 0;
  c.ret = e.ints[gen::kMonitorSlotReturn];
  // The register holds an int: its low 32 bits, sign-extended.
  if (first_is_fd)
    c.fd = static_cast<std::int32_t>(e.ints[gen::kMonitorSlotArg0]);
  return c;
}

MonitorMode::MonitorMode(gen::MonitorProgramOptions program, bool escaped_keys,
                         MonitorHooks hooks)
    : program_(std::move(program)), collector_(escaped_keys),
      hooks_(std::move(hooks)) {}

Result<gen::GeneratedProgram>
MonitorMode::program(const gen::KernelCatalog& catalog,
                     const gen::GenOptions& gen) {
  if (fd_first_.empty())
    fd_first_ = fd_first_syscalls(catalog);
  return gen::generate_monitor(program_, gen);
}

void MonitorMode::on_attached() {
  attached_ = true;
  if (hooks_.attached)
    hooks_.attached();
}

void MonitorMode::on_event(const events::TraceEvent& e) {
  const long nr = e.ints.empty() ? -1 : static_cast<long>(e.ints.front());
  auto call = slow_call_of(e, fd_first_.count(gen::exit_syscall_number(nr)));
  if (!call)
    return;
  if (call->fd >= 0 && (!hooks_.slow_room || hooks_.slow_room()))
    call->fd_path = syscalls::describe_fd(call->pid, call->fd).value_or("");
  if (hooks_.slow)
    hooks_.slow(std::move(*call));
}

bool MonitorMode::on_map(const events::MapRecord& map) {
  auto snap = collector_.add(map);
  reported_ = reported_ || snap.has_value();
  if (snap && hooks_.snapshot)
    hooks_.snapshot(*snap);
  return true;
}

void MonitorMode::finish(const engine::SessionResult& r,
                         const engine::Environment&) {
  result_ = r;
}

} // namespace sctrace::monitor
