#include "modes/compare/attach.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "modes/compare/clip.h"
#include "modes/compare/run_logs.h"
#include "modes/compare/selection.h"
#include "modes/compare/tracer.h"

namespace sctrace::compare {

namespace {

constexpr double kStraceAttachSeconds = 30;
constexpr double kSctraceAttachSeconds = 120; // bpftrace start-up, loaded
constexpr double kStopSeconds = 60;

std::int64_t wall_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
}

// Sleeps `seconds`, measuring the target's progress over that time.
Rate measure(const std::string& window, const std::vector<pid_t>& pids,
             double seconds) {
  auto before = sample_progress(pids);
  auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  auto after = sample_progress(pids);
  double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return rate_between(window, before, after, took);
}

std::vector<std::string> strace_argv(const std::string& exe,
                                     const std::vector<pid_t>& pids,
                                     const std::string& log,
                                     const std::string& syscalls) {
  // Not -q: "Process N attached" on stderr says strace is attached.
  std::vector<std::string> argv = {exe, "-f", "-ttt", "-T", "-o", log};
  if (!syscalls.empty())
    argv.insert(argv.end(),
                {"-e", "trace=" + strace_trace_expression(syscalls)});
  for (pid_t pid : pids)
    argv.insert(argv.end(), {"-p", std::to_string(pid)});
  return argv;
}

std::vector<std::string> sctrace_argv(const CompareOptions& o,
                                      const std::vector<pid_t>& pids,
                                      const std::string& jsonl) {
  std::string list;
  for (pid_t pid : pids)
    list += (list.empty() ? "" : ",") + std::to_string(pid);
  std::vector<std::string> argv = {o.sctrace,  "syscalls", "-p", list,
                                   "--format", "jsonl",    "-o", jsonl};
  if (!o.syscalls.empty())
    argv.insert(argv.end(), {"-e", o.syscalls.rfind("trace=", 0) == 0
                                       ? o.syscalls
                                       : "trace=" + o.syscalls});
  return argv;
}

ToolRun tool_end(const TracerEnd& end, double seconds) {
  ToolRun t;
  t.seconds = seconds;
  t.exit_code = end.exit_code;
  t.term_signal = end.term_signal;
  return t;
}

// Phase 2: strace attached alone, its trace thrown away.
Result<Rate> strace_alone(const std::string& exe,
                          const std::vector<pid_t>& pids, const LogDir& dir,
                          double seconds) {
  SCTRACE_TRY_ASSIGN(
      strace, Tracer::start("strace", strace_argv(exe, pids, "/dev/null", ""),
                            dir.file("strace-alone.stderr")));
  SCTRACE_TRY(
      strace.wait_ready(" attached", pids.size(), kStraceAttachSeconds));
  Rate r = measure("strace", pids, seconds);
  strace.stop(kStopSeconds);
  return r;
}

// Phase 4: strace attached while sctrace is; sets result.strace and the
// window strace was attached.
Result<Window> both_window(const CompareOptions& o, const std::string& exe,
                           const std::vector<pid_t>& pids, const LogDir& dir,
                           CompareResult& result) {
  SCTRACE_TRY_ASSIGN(
      strace,
      Tracer::start("strace",
                    strace_argv(exe, pids, dir.file("strace.log"), o.syscalls),
                    dir.file("strace.stderr")));
  SCTRACE_TRY(
      strace.wait_ready(" attached", pids.size(), kStraceAttachSeconds));
  Window w;
  w.start_ns = wall_ns();
  result.windows.push_back(measure("both", pids, o.duration_seconds));
  w.end_ns = wall_ns();
  result.strace =
      tool_end(strace.stop(kStopSeconds), result.windows.back().seconds);
  return w;
}

// Reads both logs and compares strace's with sctrace's, clipped to it.
Result<void> compare_logs(const LogDir& dir, const Window& window,
                          CompareResult& result) {
  auto strace = read_strace_log(dir.file("strace.log"));
  if (!strace.ok())
    return strace.error();
  auto sctrace = read_sctrace_jsonl(dir.file("sctrace.jsonl"));
  if (!sctrace.ok() || !sctrace->has_summary)
    return make_error(ErrorKind::Child,
                      "sctrace syscalls failed: " +
                          tracer_message(read_text(dir.file("sctrace.stderr")),
                                         "sctrace syscalls: error: "));
  result.strace_malformed_lines = strace->malformed;
  result.strace_signals = strace->signals.size();
  result.strace.span_seconds = strace_span(*strace);
  result.sctrace_summary = sctrace->summary;
  Clipped clipped = clip_to_strace(*sctrace, *strace, window);
  result.sctrace_outside_window = clipped.clipped;
  result.sctrace.span_seconds = sctrace_span(clipped.log);
  result.diff = diff_logs(*strace, clipped.log);
  return Ok{};
}

Result<void> check_request(const CompareOptions& o) {
  if (!o.command.empty())
    return make_error(ErrorKind::Invalid,
                      "give either a command after -- or running processes "
                      "(-p, --comm, --container), not both");
  if (o.duration_seconds <= 0)
    return make_error(ErrorKind::Invalid,
                      "comparing on running processes needs --duration "
                      "SECONDS: how long strace and sctrace both stay "
                      "attached, e.g. --duration 10");
  return Ok{};
}

} // namespace

Result<CompareResult> run_compare_attached(const CompareOptions& o,
                                           const std::string& strace_exe) {
  SCTRACE_TRY(check_request(o));
  SCTRACE_TRY_ASSIGN(pids, resolve_live_target(o.target));
  CompareResult result;
  result.target = describe_target(o.target);
  result.pids = pids;
  result.duration_seconds = o.duration_seconds;
  result.syscalls = o.syscalls;
  SCTRACE_TRY_ASSIGN(dir, LogDir::make(o.logs_dir));
  SCTRACE_TRY(dir.create_files({"strace-alone.stderr"}));
  auto progress = [&](const std::string& m) {
    if (o.on_progress)
      o.on_progress(m);
  };
  const double w = std::min(o.duration_seconds, kOverheadWindowSeconds);
  const std::string ws = std::to_string(static_cast<int>(w + 0.5)) + " s";
  progress("window 1/4: " + result.target + ", untraced, " + ws);
  result.windows.push_back(measure("untraced", pids, w));
  progress("window 2/4: strace -f alone, " + ws);
  SCTRACE_TRY_ASSIGN(alone, strace_alone(strace_exe, pids, dir, w));
  result.windows.push_back(alone);
  progress("window 3/4: sctrace syscalls alone, " + ws);
  SCTRACE_TRY_ASSIGN(
      sctrace, Tracer::start("sctrace syscalls",
                             sctrace_argv(o, pids, dir.file("sctrace.jsonl")),
                             dir.file("sctrace.stderr")));
  SCTRACE_TRY(sctrace.wait_ready("sctrace syscalls: attached", 1,
                                 kSctraceAttachSeconds));
  result.windows.push_back(measure("sctrace", pids, w));
  progress("window 4/4: both attached, " +
           std::to_string(static_cast<int>(o.duration_seconds + 0.5)) + " s");
  SCTRACE_TRY_ASSIGN(window, both_window(o, strace_exe, pids, dir, result));
  result.sctrace =
      tool_end(sctrace.stop(kStopSeconds), result.windows.back().seconds);
  SCTRACE_TRY(compare_logs(dir, window, result));
  if (dir.kept())
    result.logs_dir = dir.path();
  return result;
}

} // namespace sctrace::compare
