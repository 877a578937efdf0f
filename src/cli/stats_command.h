// `sctrace count` and `sctrace latency`: per-syscall counts and latency
// histograms aggregated in the kernel, on top of stats::run_stats.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/target_args.h"
#include "modes/stats/run.h"

namespace sctrace::cli {

struct StatsCommand {
  stats::StatsOptions options;
  TargetArgs target;
  std::string sort;
  std::size_t top = 0;
  std::string syscall; // latency --syscall NAME
  std::size_t histograms = 3;
  std::string format = "text";
  std::string output;
  bool dry_run = false;
  bool verbose = false;
};

CLI::App* setup_count_command(CLI::App& app, StatsCommand& command);
CLI::App* setup_latency_command(CLI::App& app, StatsCommand& command);

// Runs either; command is the argv after `--`. Returns the exit code.
int run_stats_command(StatsCommand& command,
                      const std::vector<std::string>& argv);

} // namespace sctrace::cli
