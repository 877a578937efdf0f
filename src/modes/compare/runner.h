// Running one command to completion, timed, for sctrace compare, on the
// project's one launcher (run::Process).
//
// Contract:
//  - argv goes to execve as is: argv[0] is looked up in PATH
//    (run::find_executable), no shell, no splitting.
//  - stdin is /dev/null; stdout and stderr go to the given files
//    (/dev/null by default), so the command never reads the terminal and
//    its output never mixes with the report. Every other fd is closed,
//    so each run starts with the same three fds.
//  - A command that cannot be started is an error (NotFound when it does
//    not exist, System otherwise); a command that runs and fails is not.
//  - seconds is wall time from spawn to reaping.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/result.h"

namespace sctrace::compare {

struct RunSpec {
  std::vector<std::string> argv;
  std::string stdout_path = "/dev/null";
  std::string stderr_path = "/dev/null";
};

struct RunOutcome {
  double seconds = 0;
  std::optional<int> exit_code;   // when it exited
  std::optional<int> term_signal; // when a signal killed it
};

Result<RunOutcome> run_timed(const RunSpec& spec);

} // namespace sctrace::compare
