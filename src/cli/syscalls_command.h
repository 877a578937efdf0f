// `sctrace syscalls`: strace-grade structured tracing of every syscall of
// a target, on top of syscalls::run_syscalls.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/target_args.h"
#include "modes/syscalls/run.h"

namespace sctrace::cli {

struct SyscallsCommand {
  syscalls::SyscallsOptions options;
  TargetArgs target;
  std::string min_duration; // --min-duration 10ms
  std::string format = "text";
  std::string output;
  bool dry_run = false;
  bool verbose = false;
};

CLI::App* setup_syscalls_command(CLI::App& app, SyscallsCommand& command);

// Runs it; command is the argv after `--`. Returns the exit code.
int run_syscalls_command(SyscallsCommand& command,
                         const std::vector<std::string>& argv);

} // namespace sctrace::cli
