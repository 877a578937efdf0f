// One bpftrace run of the monitor as an engine::Mode: the monitor program
// (gen/monitor_program.h), its printed maps turned into KernelSnapshots
// (KernelCollector) and its events into SlowCalls, each handed on at once
// through the Hooks.
//
// Contract: called on the session's thread only (engine/mode.h); the
// hooks run there too, so they must be quick and thread-safe towards
// their readers. A slow call's fd path is read from /proc/PID/fd/FD when
// its event arrives (what the fd refers to then), only for syscalls whose
// first argument is an fd (the tracefs format names it fd, epfd, ...),
// and only when Hooks::slow_room says the call will be kept.
#pragma once

#include <functional>
#include <set>

#include "engine/mode.h"
#include "gen/monitor_program.h"
#include "modes/monitor/kernel_snapshot.h"
#include "modes/monitor/monitor.h"

namespace sctrace::monitor {

struct MonitorHooks {
  std::function<void(const KernelSnapshot&)> snapshot;
  // Every slow call, kept or not (the receiver counts the ones it drops).
  std::function<void(SlowCall)> slow;
  // Whether a slow call handed to slow now would be kept; when false, the
  // call goes to slow without its fd path (no /proc readlink for a call
  // past the cap). Unset: always. Room only grows until slow is called
  // (nothing else adds calls), so a true answer holds.
  std::function<bool()> slow_room;
  std::function<void()> attached;
};

class MonitorMode final : public engine::Mode {
public:
  MonitorMode(gen::MonitorProgramOptions program, bool escaped_keys,
              MonitorHooks hooks);

  Result<gen::GeneratedProgram> program(const gen::KernelCatalog& catalog,
                                        const gen::GenOptions& gen) override;
  void on_attached() override;
  void on_event(const events::TraceEvent& event) override;
  bool on_map(const events::MapRecord& map) override;
  void finish(const engine::SessionResult& r,
              const engine::Environment& env) override;

  bool attached() const { return attached_; }
  // A snapshot came: the program ran, even if it was never armed.
  bool reported() const { return reported_; }
  // The session's result, once finish() has run.
  const engine::SessionResult& result() const { return result_; }

private:
  gen::MonitorProgramOptions program_;
  KernelCollector collector_;
  MonitorHooks hooks_;
  std::set<long> fd_first_; // syscalls whose first argument is an fd
  bool attached_ = false, reported_ = false;
  engine::SessionResult result_;
};

// The syscalls whose first argument is an fd, by the catalog's formats.
std::set<long> fd_first_syscalls(const gen::KernelCatalog& catalog);

// A slow-call event of the monitor program as a SlowCall (fd_path not
// read); nullopt when its values are not the program's.
std::optional<SlowCall> slow_call_of(const events::TraceEvent& event,
                                     bool first_is_fd);

} // namespace sctrace::monitor
