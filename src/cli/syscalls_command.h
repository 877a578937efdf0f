// `sctrace syscalls`: strace-grade structured tracing of every syscall of
// a target, on top of syscalls::run_syscalls.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/target_args.h"
#include "modes/syscalls/run.h"

namespace sctrace::cli {

class ModeRunner;

// The output and run options `syscalls` and `slow` share.
struct SyscallsRunArgs {
  std::string format = "text";
  std::string output;
  bool dry_run = false;
  bool verbose = false;
};

// Adds --format, -o, -s (with STRING_SIZE_HELP), --buffer-pages,
// --bpftrace, --dry-run and -v to CMD.
void add_syscalls_run_options(CLI::App* cmd, SyscallsRunArgs& run,
                              syscalls::SyscallsOptions& o,
                              const char* string_size_help);

// Adds --no-follow (O.follow_forks off) to CMD.
void add_follow_option(CLI::App* cmd, syscalls::SyscallsOptions& o);

// Runs the syscalls mode with O and WRITER on RUNNER's output, stop flag
// and diagnostics, and finishes: the command's exit code.
int finish_syscalls_run(ModeRunner& runner, const SyscallsRunArgs& run,
                        syscalls::SyscallsOptions& o,
                        syscalls::SyscallWriter& writer);

// An option --input replaces, and the JSON key that stands for it.
struct InputCovered {
  CLI::Option* option = nullptr;
  const char* name = "";     // "-p"
  const char* json_key = ""; // "target.pid"
};

struct SyscallsCommand {
  syscalls::SyscallsOptions options;
  TargetArgs target;
  std::string min_duration; // --min-duration 10ms
  std::string syscalls;     // --syscalls LIST: -e trace=LIST (seed 000)
  // Text output's strace columns: -t/-tt/-ttt (times given), -r, and
  // -T (the default) or --no-T.
  int absolute_time = 0;
  bool relative_time = false;
  bool durations_flag = false; // -T: accepted, already on
  bool no_durations = false;   // --no-T
  // Signals and exits: on in text unless --no-process-events, on in the
  // other formats with --process-events.
  bool process_events = false;
  bool no_process_events = false;
  SyscallsRunArgs run;
  // --input FILE|-: a trace_syscalls JSON document
  // (modes/syscalls/input_json.h) instead of the options in `covered`
  // and the command after --; giving both is an error naming both.
  std::string input;
  std::vector<InputCovered> covered;
};

CLI::App* setup_syscalls_command(CLI::App& app, SyscallsCommand& command);

// Runs it; command is the argv after `--`. Returns the exit code.
int run_syscalls_command(SyscallsCommand& command,
                         const std::vector<std::string>& argv);

} // namespace sctrace::cli
