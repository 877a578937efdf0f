// `sctrace compare`: runs a command three times (untraced, under
// `strace -f`, under `sctrace syscalls`) and compares the two traces; or,
// given running processes (-p, --comm, --container) and a duration,
// attaches both tracers to them for the same window (attach.h).
//
// Contract:
//  - sctrace is run as a child process (options.sctrace, normally
//    /proc/self/exe) through its documented CLI and JSONL output, never
//    linked in: compare checks the tool users run.
//  - Errors say what to do: strace missing is Unsupported ("apt-get
//    install strace"); a command that does not exist is NotFound; a
//    --syscalls list either tool rejects is Invalid; sctrace or strace
//    failing for lack of privileges is Permission; any other tracer
//    failure is Child. The tracer's own message is quoted.
//  - A command that runs and fails is not an error: every run reports its
//    exit code.
//  - The logs are written to options.logs_dir when given (and kept), else
//    to a temporary directory removed before returning.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "modes/compare/diff.h"
#include "modes/compare/live_target.h"
#include "modes/compare/progress.h"
#include "modes/compare/sctrace_log.h"
#include "util/result.h"

namespace sctrace::compare {

struct CompareOptions {
  std::vector<std::string> command; // argv, run without a shell
  LiveTarget target;                // or running processes
  double duration_seconds = 0;      // with target: the window both trace
  std::string syscalls;             // sctrace -e trace= syntax; "": all
  std::string strace = "strace";    // name in PATH or a path
  std::string sctrace = "/proc/self/exe";
  std::string logs_dir;                                // "": temporary
  std::function<void(const std::string&)> on_progress; // "running ..."
};

struct ToolRun {
  double seconds = 0; // wall time of the whole run, tracer start included
  std::optional<int> exit_code, term_signal;
  // First traced call's entry to the last one's end, from the log.
  std::optional<double> span_seconds;
};

struct CompareResult {
  std::vector<std::string> command;
  std::string syscalls;
  ToolRun untraced, strace, sctrace;
  SctraceSummary sctrace_summary;
  std::vector<std::string> sctrace_warnings;
  std::size_t strace_malformed_lines = 0;
  std::string logs_dir; // set when the logs were kept
  Diff diff;
  // On running processes (attach.h): what was traced, for how long, the
  // target's progress in each window, and sctrace's calls left out as
  // outside strace's window (clip.h).
  std::string target;
  std::vector<pid_t> pids;
  double duration_seconds = 0;
  std::vector<Rate> windows; // untraced, strace, sctrace, both
  std::size_t sctrace_outside_window = 0;
  std::uint64_t strace_signals = 0; // "--- SIG... ---" lines in its log
  bool attached() const { return !target.empty(); }
};

// With options.target set, runs run_compare_attached (attach.h).
Result<CompareResult> run_compare(const CompareOptions& options);

} // namespace sctrace::compare
