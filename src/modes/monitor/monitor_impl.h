// Monitor's inside (monitor.h has the contract): a run thread that runs
// one bpftrace session at a time and restarts it, a tick thread that
// publishes snapshots while no bpftrace reports, and the shared state
// both turn into snapshots, under one mutex.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/environment.h"
#include "engine/session.h"
#include "gen/monitor_program.h"
#include "modes/monitor/kernel_cpu.h"
#include "modes/monitor/monitor.h"
#include "modes/monitor/monitor_mode.h"
#include "modes/monitor/publisher.h"
#include "modes/monitor/totals.h"

namespace sctrace::monitor {

class Monitor::Impl {
public:
  Impl(MonitorOptions options, gen::MonitorProgramOptions program,
       engine::Environment env);
  ~Impl();
  void start();
  void stop();
  bool ended() const;
  std::string end_reason() const;
  bool target_ended() const;
  Publisher publisher;

private:
  // Run thread (monitor_run.cpp).
  void run_loop();
  // One bpftrace session until it ends; whether its program ran (it was
  // armed, or printed a snapshot).
  bool run_once(engine::SessionResult& result);
  // Whether to start bpftrace again after result; sets the end reason
  // when not.
  bool should_restart(const engine::SessionResult& result, bool ran);
  void backoff(int failures);
  void tick_loop();

  // Hooks and publication (monitor_state.cpp); each takes mu_.
  void on_attached();
  void on_kernel(const KernelSnapshot& k);
  void on_slow(SlowCall call);
  // Whether on_slow would keep a call now (the snapshot's cap not reached).
  bool slow_room() const;
  void end_run(const engine::SessionResult& r);
  void warn(const std::string& text);
  void publish_locked();
  void finish_monitor(std::string reason);

  MonitorOptions options_;
  gen::MonitorProgramOptions program_;
  engine::Environment env_;
  std::thread run_thread_, tick_thread_;

  mutable std::mutex mu_;
  std::condition_variable wake_; // stop and the tick's waits
  bool stopping_ = false, ended_ = false, target_ended_ = false;
  std::string end_reason_;
  engine::Session* session_ = nullptr; // the running one
  Totals totals_;
  bool up_ = false; // armed (engine/mode.h's on_attached) and reporting
  std::uint64_t restarts_ = 0;
  std::vector<SlowCall> pending_;
  std::uint64_t slow_dropped_ = 0;
  std::uint64_t dropped_base_ = 0;  // finished runs' exact losses
  std::uint64_t dropped_run_ = 0;   // the running one's, seen so far
  std::uint64_t run_slow_seen_ = 0; // slow events it delivered
  // Its kernel slow counts at its last snapshots, oldest first.
  std::deque<std::uint64_t> run_slow_counts_;
  std::vector<std::string> warnings_;
  std::int64_t last_publish_ns_ = 0;
  KernelCpuClock kernel_cpu_;
};

} // namespace sctrace::monitor
