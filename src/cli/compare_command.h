// `sctrace compare`: run a command untraced, under strace -f and under
// sctrace syscalls, and report whether the two traces agree (seed 000's
// compare-trace), on top of compare::run_compare.
//
// Exit codes: 0 the traces match (equal per-syscall counts, no return
// value differs); 1 they differ, or a tracer failed while running; 2 bad
// usage (options, --syscalls, a command that does not exist); 3
// environment (strace missing, not root, bpftrace missing); 4 the report
// could not be written.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "modes/compare/session.h"

namespace sctrace::cli {

struct CompareCommand {
  compare::CompareOptions options;
  std::string format = "text";
  std::string output;
  bool quiet = false;
  std::string pids; // -p 1,2,3
};

CLI::App* setup_compare_command(CLI::App& app, CompareCommand& command);

// Runs it; argv is the command after `--`. Returns the exit code.
int run_compare_command(CompareCommand& command,
                        const std::vector<std::string>& argv);

} // namespace sctrace::cli
