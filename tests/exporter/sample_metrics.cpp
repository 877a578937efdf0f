// Prints the exporter's /metrics text of the rich synthetic snapshot
// (tests/unit/exporter_snapshots.h), with a quantile window and a scrape
// time, for `promtool check metrics` (check_promtool.sh).
#include <iostream>

#include "exporter/render.h"
#include "exporter_snapshots.h"

int main() {
  using namespace sctrace::exporter;
  const sctrace::monitor::Snapshot latest = test::rich_snapshot();
  sctrace::monitor::Snapshot base = latest;
  base.seq = 30;
  for (auto& [name, c] : base.total)
    for (auto& b : c.buckets)
      b /= 2;
  RenderOptions options;
  options.window_base = &base;
  options.scrape_duration_seconds = 0.000123;
  std::cout << render_metrics(latest, options);
  return std::cout.good() ? 0 : 1;
}
