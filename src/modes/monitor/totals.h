// The monitor's cumulative counters across bpftrace runs: what finished
// runs counted (the base) plus the newest snapshot of the running one.
//
// Contract: total() never decreases, field by field, whatever the kernel
// snapshots do: a run's snapshots are merged with keep_max (a counter
// that went back, which a healthy bpftrace never prints, is kept), and
// end_run() moves the run's last counts into the base, so the next run
// starts from them.
#pragma once

#include <cstdint>

#include "modes/monitor/counters.h"
#include "modes/monitor/kernel_snapshot.h"

namespace sctrace::monitor {

class Totals {
public:
  // A snapshot of the running bpftrace (cumulative since it started).
  void add_snapshot(const KernelSnapshot& snapshot);
  // The running bpftrace ended: what it counted joins the base.
  void end_run();

  CounterMap total() const;
  CommMap by_comm() const;
  std::uint64_t map_full() const { return base_full_ + run_full_; }
  // Slow calls the kernel counted so far (the base and the running one).
  std::uint64_t kernel_slow() const;
  // The running bpftrace's slow calls, at its newest snapshot.
  std::uint64_t run_slow() const;

private:
  CounterMap base_, run_;
  CommMap base_comm_, run_comm_;
  std::uint64_t base_full_ = 0, run_full_ = 0;
};

} // namespace sctrace::monitor
