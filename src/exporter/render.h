// The Prometheus exporter's /metrics text (docs/exporter.md): a pure
// function of one monitor::Snapshot.
//
// Families, in this order, each with # HELP and # TYPE even when it has no
// samples (but syscall_calls_by_comm_total only when the snapshot has
// by_comm data):
//   syscall_total{syscall}                         counter
//   syscall_errors_total{errno,syscall}            counter (ENOENT, or the
//                                                  number when unnamed)
//   syscall_duration_seconds{syscall}              histogram (fixed le:
//                                                  duration_buckets.h)
//   syscall_duration_quantile_seconds{quantile,syscall}  summary: the
//                                                  quantiles estimated
//                                                  from the buckets over
//                                                  the window (below);
//                                                  _sum and _count
//                                                  cumulative
//   syscall_slow_total{syscall}                    counter
//   syscall_calls_by_comm_total{comm,syscall}      counter
//   sctrace_events_dropped_total, sctrace_map_full_total,
//   sctrace_slow_dropped_total, sctrace_bpftrace_restarts_total  counters
//   sctrace_bpftrace_up, sctrace_scrape_duration_seconds          gauges
//
// Contract: deterministic: the same snapshot and options give the same
// bytes; series are sorted by their label values; labels within a series
// by name. Every counter is the snapshot's cumulative value.
#pragma once

#include <string>
#include <vector>

#include "modes/monitor/monitor.h"

namespace sctrace::exporter {

struct RenderOptions {
  // The quantiles of syscall_duration_quantile_seconds, each in [0, 1].
  std::vector<double> quantiles{0.5, 0.9, 0.99};
  // The quantile window starts at this older snapshot (its totals are
  // subtracted); null: the window is everything since the monitor
  // started. A syscall without calls in the window has no quantile
  // series (its _sum and _count are still there).
  const monitor::Snapshot* window_base = nullptr;
  // sctrace_scrape_duration_seconds: how long the previous scrape took to
  // render (0 before any).
  double scrape_duration_seconds = 0;
};

std::string render_metrics(const monitor::Snapshot& snapshot,
                           const RenderOptions& options);

} // namespace sctrace::exporter
