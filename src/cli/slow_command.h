// `sctrace slow`: report only the syscalls that take longer than their
// threshold, with decoded arguments, what their fds refer to and
// optionally the user stack; calls under the threshold are only counted,
// in the kernel. On top of syscalls::run_syscalls.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/syscalls_command.h"
#include "cli/target_args.h"
#include "modes/syscalls/run.h"

namespace sctrace::cli {

struct SlowCommand {
  syscalls::SyscallsOptions options;
  TargetArgs target;
  std::vector<std::string> thresholds; // --threshold, repeatable
  bool no_fd_paths = false;
  SyscallsRunArgs run;
};

CLI::App* setup_slow_command(CLI::App& app, SlowCommand& command);

// Runs it; command is the argv after `--`. Returns the exit code.
int run_slow_command(SlowCommand& command,
                     const std::vector<std::string>& argv);

} // namespace sctrace::cli
