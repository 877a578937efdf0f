// `sctrace top`: the live terminal dashboard (docs/top.md) over the
// continuous-statistics monitor, with the usual targets and --interval.
//
// Contract: --interval is 100ms to 1s (default 1s), anything else is
// refused (exit 2) with the range; without a terminal on stdin and stdout
// it refuses (exit 2) and points to `sctrace count -i 1`; the monitor's
// own errors (not root, no bpftrace, no such pid) are printed before the
// screen is touched, with their usual exit codes. Quitting (q, F10,
// Ctrl-C) restores the terminal and stops the monitor and its bpftrace.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/target_args.h"

namespace sctrace::cli {

struct TopCommand {
  TargetArgs target;
  std::string interval = "1s";
  std::vector<std::string> thresholds;
  std::string selection;
  std::string bpftrace;
};

CLI::App* setup_top_command(CLI::App& app, TopCommand& command);

// command is the argv after `--`. Returns the exit code.
int run_top_command(TopCommand& command, const std::vector<std::string>& argv);

} // namespace sctrace::cli
