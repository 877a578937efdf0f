// Monitor::Impl's shared state: what the run's hooks add to it, and the
// snapshots made of it.
#include <algorithm>

#include "modes/monitor/monitor_impl.h"

namespace sctrace::monitor {

void Monitor::Impl::on_attached() {
  std::lock_guard<std::mutex> lock(mu_);
  up_ = true;
}

// Snapshots before the probes are armed count too (the kernel counted
// those calls); they are published with bpftrace_up still false.
void Monitor::Impl::on_kernel(const KernelSnapshot& k) {
  std::lock_guard<std::mutex> lock(mu_);
  totals_.add_snapshot(k);
  // Slow calls the kernel had counted two snapshots ago have had two
  // intervals to arrive: those still missing were dropped (when the run
  // ends, bpftrace's exact count from the event sequence numbers is taken
  // if it is larger).
  run_slow_counts_.push_back(totals_.run_slow());
  if (run_slow_counts_.size() > 3)
    run_slow_counts_.pop_front();
  const std::uint64_t due = run_slow_counts_.front();
  if (run_slow_counts_.size() == 3 && due > run_slow_seen_)
    dropped_run_ = std::max(dropped_run_, due - run_slow_seen_);
  if (k.bad_keys)
    warn("bpftrace printed map keys sctrace could not read; they were not "
         "counted");
  const int keys = gen::monitor_map_keys(program_);
  if (k.largest_map >= static_cast<std::size_t>(keys))
    warn("a map reached its limit of " + std::to_string(keys) +
         " keys, so calls of new keys were not counted; trace fewer "
         "processes, or drop --by comm");
  publish_locked();
}

// Every slow call comes here, also those slow_room said no to (one
// counts as dropped, or is kept without its fd path if a snapshot was
// published in between), so slow_dropped stays exact.
void Monitor::Impl::on_slow(SlowCall call) {
  std::lock_guard<std::mutex> lock(mu_);
  ++run_slow_seen_;
  if (pending_.size() >= options_.slow_per_snapshot) {
    ++slow_dropped_;
    return;
  }
  pending_.push_back(std::move(call));
}

bool Monitor::Impl::slow_room() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pending_.size() < options_.slow_per_snapshot;
}

void Monitor::Impl::end_run(const engine::SessionResult& r) {
  std::lock_guard<std::mutex> lock(mu_);
  up_ = false;
  totals_.end_run();
  dropped_base_ += std::max(dropped_run_, r.summary.events_dropped);
  dropped_run_ = run_slow_seen_ = 0;
  run_slow_counts_.clear();
}

void Monitor::Impl::warn(const std::string& text) {
  if (std::find(warnings_.begin(), warnings_.end(), text) == warnings_.end())
    warnings_.push_back(text);
}

void Monitor::Impl::publish_locked() {
  Snapshot s;
  s.wall_ns = wall_now_ns();
  s.bpftrace_up = up_;
  s.restarts = restarts_;
  s.total = totals_.total();
  if (options_.by_comm)
    s.by_comm = top_comms(totals_.by_comm(), options_.top_comms);
  s.slow = std::move(pending_);
  pending_.clear();
  s.slow_dropped = slow_dropped_;
  s.events_dropped = dropped_base_ + dropped_run_;
  s.map_full = totals_.map_full();
  s.warnings = warnings_;
  if (auto cpu = kernel_cpu_.sample()) {
    s.has_kernel_cpu = true;
    s.kernel_cpu_ns = *cpu;
  }
  last_publish_ns_ = s.wall_ns;
  publisher.publish(std::move(s));
}

void Monitor::Impl::finish_monitor(std::string reason) {
  if (ended_)
    return;
  ended_ = true;
  up_ = false;
  end_reason_ = std::move(reason);
  wake_.notify_all();
}

} // namespace sctrace::monitor
