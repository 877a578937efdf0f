// The one way the sctrace CLI runs a mode and finishes.
//
// Every subcommand that traces (trace.py mode, syscalls, slow, count,
// latency) does the same around its mode's run: report bad input, print
// the program for --dry-run, open the output (-o FILE or standard output),
// install the stop handlers and the diagnostics, and turn what the run
// left (error, warnings, bpftrace's messages, the command's exit code and
// the state of the output) into messages and the exit code. -o FILE is
// truncated only once the input is validated (output_committer()): a
// rejected run leaves the file as it was. Contract of
// finish(): a reader that went away (`| head`) ends quietly with the
// command's exit code; then a failed write (exit 4), then the run's error;
// then the command's exit code; else 0. Messages are prefixed with the
// tool's name ("sctrace syscalls: error: ...").
#pragma once

#include <csignal>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/output_file.h"
#include "engine/dependencies.h"
#include "util/result.h"

namespace sctrace::cli {

// What a mode's run left, as the runner needs it.
struct ModeOutcome {
  std::optional<Error> error;
  std::vector<std::string> warnings;
  std::string bpftrace_stderr;
  std::optional<int> command_exit_code;
};

// The outcome of any mode's result type (error, warnings,
// bpftrace_stderr, summary.command_exit_code).
template <typename R> ModeOutcome outcome(const R& r) {
  return ModeOutcome{r.error, r.warnings, r.bpftrace_stderr,
                     r.summary.command_exit_code};
}

class ModeRunner {
public:
  // tool: the name messages start with, e.g. "sctrace syscalls".
  explicit ModeRunner(std::string tool) : tool_(std::move(tool)) {}

  // Prints "TOOL: error: MESSAGE" and returns the exit code for it.
  int fail(const Error& e) const;
  // --dry-run: prints the program and returns 0, or fails.
  int print_program(const Result<std::string>& program) const;
  // Prepares -o FILE (OutputFile::prepare: checked, not yet truncated),
  // or standard output when path is empty.
  Result<std::ostream*> open_output(const std::string& path);
  // For the mode's before_start: commits the output (truncates -o FILE)
  // once the session has validated the input and made the program.
  std::function<Result<void>()> output_committer();
  OutputFile& output() { return *file_; }
  // Whether `-- CMD`'s stdout must go to sctrace's stderr: FORMAT is a
  // structured one (anything but "text") and the output opened by
  // open_output() is sctrace's stdout (no -o, or -o naming the file
  // stdout is: /dev/stdout, or the file `>` sent stdout to). Then the
  // command's output cannot break the document (docs/output.md).
  bool command_stdout_to_stderr(const std::string& format) const;
  // The stop flag (Ctrl-C, SIGTERM, SIGHUP) and SCTRACE_DEBUG and
  // SCTRACE_RAW_LOG, for the mode's options.
  const volatile std::sig_atomic_t* stop_flag() const;
  engine::Diagnostics diagnostics() const;
  // Prints the warnings (and with verbose bpftrace's messages) and returns
  // the exit code, as the header says.
  int finish(const ModeOutcome& outcome, bool verbose) const;

private:
  std::string tool_;
  std::string path_; // -o FILE, "" for standard output
  std::unique_ptr<OutputFile> file_;
};

} // namespace sctrace::cli
