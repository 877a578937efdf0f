// A time window over the last N monitor snapshots: what `sctrace top`
// shows when zoomed (z). Rates are the window's counts over its seconds.
//
// Contract:
//  - aggregate() sums the `interval` counters (calls, errors, total_ns,
//    slow, buckets) of the newest `intervals` snapshots of history
//    (oldest first) and their interval_seconds; fewer snapshots than
//    asked give a shorter window (`intervals_used` says how many).
//  - kernel_cpu_ns sums the snapshots' interval_kernel_cpu_ns, and
//    has_kernel_cpu is set when all of them had one.
//  - Syscalls present in the newest snapshot's `total` appear in `sums`
//    even with no call in the window, so a selection never disappears.
//  - An empty history gives an empty window with seconds == 0; every
//    rate of such a window is 0, never NaN.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "modes/monitor/monitor.h"

namespace sctrace::top {

using SnapshotPtr = std::shared_ptr<const monitor::Snapshot>;

struct Window {
  double seconds = 0;
  std::size_t intervals_used = 0;
  std::map<std::string, monitor::SyscallCounters> sums;
  std::uint64_t calls = 0;    // all syscalls
  std::uint64_t total_ns = 0; // all syscalls
  // The target's kernel CPU time in the window; known only when every
  // snapshot in it had it.
  bool has_kernel_cpu = false;
  std::uint64_t kernel_cpu_ns = 0;

  double rate(std::uint64_t count) const {
    return seconds > 0 ? static_cast<double>(count) / seconds : 0;
  }
};

Window aggregate(const std::deque<SnapshotPtr>& history, std::size_t intervals);

} // namespace sctrace::top
