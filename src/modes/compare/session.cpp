#include "modes/compare/session.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "modes/compare/attach.h"
#include "modes/compare/run_logs.h"
#include "modes/compare/runner.h"
#include "modes/compare/selection.h"
#include "modes/compare/strace_log.h"
#include "run/process.h"
#include "util/safe_open.h"

namespace sctrace::compare {

namespace {

ToolRun tool_run(const RunOutcome& r) {
  ToolRun t;
  t.seconds = r.seconds;
  t.exit_code = r.exit_code;
  t.term_signal = r.term_signal;
  return t;
}

Result<StraceLog> strace_run(const CompareOptions& o, const std::string& exe,
                             const LogDir& dir, CompareResult& result) {
  std::vector<std::string> argv = {
      exe, "-f", "-qq", "-ttt", "-T", "-o", dir.file("strace.log")};
  if (!o.syscalls.empty()) {
    argv.push_back("-e");
    argv.push_back("trace=" + strace_trace_expression(o.syscalls));
  }
  argv.push_back("--");
  argv.insert(argv.end(), o.command.begin(), o.command.end());
  SCTRACE_TRY_ASSIGN(run,
                     run_timed({argv, "/dev/null", dir.file("strace.stderr")}));
  result.strace = tool_run(run);
  auto log = read_strace_log(dir.file("strace.log"));
  if (log.ok() && !log->calls.empty()) {
    result.strace.span_seconds = strace_span(*log);
    return log;
  }
  std::string msg =
      tracer_message(read_text(dir.file("strace.stderr")), "strace: ");
  ErrorKind kind = ErrorKind::Child;
  if (msg.find("invalid") != std::string::npos) // "invalid system call"
    kind = ErrorKind::Invalid;
  else if (msg.find("ermitted") != std::string::npos)
    kind = ErrorKind::Permission;
  if (log.ok() && kind == ErrorKind::Child && run.exit_code == 0)
    return log; // the selection matched no call: an empty trace
  return make_error(kind, "strace traced nothing: " + msg);
}

Result<SctraceLog> sctrace_run(const CompareOptions& o, const LogDir& dir,
                               CompareResult& result) {
  std::vector<std::string> argv = {o.sctrace,  "syscalls",
                                   "--format", "jsonl",
                                   "-o",       dir.file("sctrace.jsonl")};
  if (!o.syscalls.empty()) {
    argv.push_back("-e");
    argv.push_back(o.syscalls.rfind("trace=", 0) == 0 ? o.syscalls
                                                      : "trace=" + o.syscalls);
  }
  argv.push_back("--");
  argv.insert(argv.end(), o.command.begin(), o.command.end());
  SCTRACE_TRY_ASSIGN(
      run, run_timed({argv, "/dev/null", dir.file("sctrace.stderr")}));
  result.sctrace = tool_run(run);
  std::string err = read_text(dir.file("sctrace.stderr"));
  std::istringstream lines(err);
  const std::string warning = "sctrace syscalls: warning: ";
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(warning, 0) == 0)
      result.sctrace_warnings.push_back(line.substr(warning.size()));
  auto log = read_sctrace_jsonl(dir.file("sctrace.jsonl"));
  if (log.ok() && log->has_summary) {
    result.sctrace.span_seconds = sctrace_span(*log);
    result.sctrace_summary = log->summary;
    return log;
  }
  std::string msg = tracer_message(err, "sctrace syscalls: error: ");
  ErrorKind kind = run.exit_code == 2   ? ErrorKind::Invalid
                   : run.exit_code == 3 ? ErrorKind::Permission
                                        : ErrorKind::Child;
  // Some environment failures (tracefs not mountable without root) exit 1.
  if (kind == ErrorKind::Child &&
      (msg.find("not permitted") != std::string::npos ||
       msg.find("(as root)") != std::string::npos))
    kind = ErrorKind::Permission;
  if (!log.ok() && kind == ErrorKind::Child)
    msg += "\n" + log.error().message;
  return make_error(kind, "sctrace syscalls failed: " + msg);
}

} // namespace

Result<CompareResult> run_compare(const CompareOptions& o) {
  if (o.command.empty() && !o.target.set())
    return make_error(ErrorKind::Invalid,
                      "give the command to compare after --, as in: "
                      "sctrace compare -- ls -la /etc; or running processes "
                      "and a window: sctrace compare -p PID --duration 10");
  auto strace = run::find_executable(o.strace);
  if (!strace.ok())
    return make_error(
        ErrorKind::Unsupported,
        (o.strace.find('/') == std::string::npos
             ? "strace was not found in PATH"
             : "'" + o.strace + "' is not an executable file") +
            std::string("; sctrace compare needs strace: apt-get install "
                        "strace (or give one with --strace PATH)"));
  if (o.target.set())
    return run_compare_attached(o, *strace);
  CompareResult result;
  result.command = o.command;
  result.syscalls = o.syscalls;
  SCTRACE_TRY_ASSIGN(dir, LogDir::make(o.logs_dir));
  SCTRACE_TRY(dir.create_files());
  auto progress = [&](const std::string& m) {
    if (o.on_progress)
      o.on_progress(m);
  };

  progress("run 1/3: the command, untraced");
  SCTRACE_TRY_ASSIGN(plain, run_timed({o.command}));
  result.untraced = tool_run(plain);
  progress("run 2/3: under strace -f");
  SCTRACE_TRY_ASSIGN(strace_log, strace_run(o, *strace, dir, result));
  result.strace_malformed_lines = strace_log.malformed;
  progress("run 3/3: under sctrace syscalls");
  SCTRACE_TRY_ASSIGN(sctrace_log, sctrace_run(o, dir, result));
  result.diff = diff_logs(strace_log, sctrace_log);
  if (dir.kept())
    result.logs_dir = dir.path();
  return result;
}

} // namespace sctrace::compare
