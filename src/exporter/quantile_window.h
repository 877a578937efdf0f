// The window of syscall_duration_quantile_seconds: the snapshots seen in
// the last `seconds` (by their wall clock), so that a scrape can render
// quantiles of recent calls rather than of everything since the start.
//
// Contract:
//  - add() keeps a snapshot it has not seen (by seq), newest last, and
//    drops every snapshot but one older than the window: that one, the
//    newest outside the window, is the base, so the window covers at
//    least `seconds` once there is that much history.
//  - base(latest) is the oldest kept snapshot other than LATEST itself, or
//    null when there is none (the window is then everything since the
//    monitor started).
//  - Thread-safe: scrapes are served on several threads.
#pragma once

#include <deque>
#include <memory>
#include <mutex>

#include "modes/monitor/monitor.h"

namespace sctrace::exporter {

class QuantileWindow {
public:
  explicit QuantileWindow(double seconds) : seconds_(seconds) {}

  void add(std::shared_ptr<const monitor::Snapshot> snapshot);
  std::shared_ptr<const monitor::Snapshot>
  base(const monitor::Snapshot& latest) const;

private:
  double seconds_;
  mutable std::mutex mutex_;
  std::deque<std::shared_ptr<const monitor::Snapshot>> kept_;
};

} // namespace sctrace::exporter
