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

#include "modes/compare/runner.h"
#include "modes/compare/selection.h"
#include "modes/compare/strace_log.h"
#include "run/process.h"
#include "util/safe_open.h"

namespace sctrace::compare {

namespace {

// A directory for the logs, removed at the end unless it was asked for.
class LogDir {
public:
  static Result<LogDir> make(const std::string& wanted) {
    LogDir d;
    if (!wanted.empty()) {
      if (::mkdir(wanted.c_str(), 0700) != 0 && errno != EEXIST)
        return make_error(ErrorKind::Io, "cannot create " + wanted + ": " +
                                             std::strerror(errno));
      d.path_ = wanted;
      return d;
    }
    const char* tmp = std::getenv("TMPDIR");
    std::string templ =
        std::string(tmp && *tmp ? tmp : "/tmp") + "/sctrace-compare-XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr)
      return make_error(ErrorKind::Io, "cannot create a directory like " +
                                           templ + ": " + std::strerror(errno));
    d.path_ = templ;
    d.remove_ = true;
    return d;
  }
  LogDir(LogDir&& o) noexcept
      : path_(std::move(o.path_)), remove_(std::exchange(o.remove_, false)) {}
  LogDir& operator=(LogDir&&) = delete;
  ~LogDir() {
    std::error_code ec;
    if (remove_)
      std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Creates the log files, empty, with O_EXCL|O_NOFOLLOW: an existing file
  // (or a planted symlink) is never overwritten or followed. The tracers
  // then write into these files.
  Result<void> create_files() const {
    for (const char* name :
         {"strace.log", "strace.stderr", "sctrace.jsonl", "sctrace.stderr"}) {
      int err = 0;
      auto fd = util::open_for_writing(
          file(name), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600, &err);
      if (!fd.ok() && err == EEXIST)
        return make_error(ErrorKind::Invalid,
                          file(name) +
                              " exists already: compare creates its logs and "
                              "never overwrites a file (or follows a "
                              "symlink). Give --logs a new or empty "
                              "directory, or remove the old logs");
      if (!fd.ok())
        return fd.error();
      ::close(*fd);
    }
    return Ok{};
  }
  const std::string& path() const { return path_; }
  bool kept() const { return !remove_; }

private:
  LogDir() = default;
  std::string path_;
  bool remove_ = false;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// The tracer's own lines from its stderr (which also has the command's).
std::string tracer_message(const std::string& stderr_text,
                           const std::string& prefix) {
  std::string out;
  std::istringstream in(stderr_text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0)
      out += (out.empty() ? "" : "\n") + line;
  if (out.empty()) {
    out = stderr_text.substr(0, 2000);
    while (!out.empty() && out.back() == '\n')
      out.pop_back();
  }
  return out.empty() ? "(no message)" : out;
}

ToolRun tool_run(const RunOutcome& r) {
  ToolRun t;
  t.seconds = r.seconds;
  t.exit_code = r.exit_code;
  t.term_signal = r.term_signal;
  return t;
}

std::optional<double> strace_span(const StraceLog& log) {
  std::int64_t first = 0, last = 0;
  for (const auto& c : log.calls) {
    if (c.time_us == 0)
      continue;
    std::int64_t end =
        c.time_us + static_cast<std::int64_t>(c.duration_s.value_or(0) * 1e6);
    first = first == 0 ? c.time_us : std::min(first, c.time_us);
    last = std::max(last, end);
  }
  if (first == 0)
    return std::nullopt;
  return (last - first) / 1e6;
}

std::optional<double> sctrace_span(const SctraceLog& log) {
  std::int64_t first = 0, last = 0;
  for (const auto& c : log.calls) {
    first = first == 0 ? c.time_ns : std::min(first, c.time_ns);
    last = std::max(last, c.time_ns);
  }
  if (first == 0)
    return std::nullopt;
  return (last - first) / 1e9;
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
  if (o.command.empty())
    return make_error(ErrorKind::Invalid,
                      "give the command to compare after --, as in: "
                      "sctrace compare -- ls -la /etc");
  auto strace = run::find_executable(o.strace);
  if (!strace.ok())
    return make_error(
        ErrorKind::Unsupported,
        (o.strace.find('/') == std::string::npos
             ? "strace was not found in PATH"
             : "'" + o.strace + "' is not an executable file") +
            std::string("; sctrace compare needs strace: apt-get install "
                        "strace (or give one with --strace PATH)"));
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
