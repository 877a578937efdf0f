// Live tests of issue 16 items 2, 4 and 7: structured output that a traced
// command's output cannot break, strings that could not be read never
// shown as empty, and trace.py's rendering (-t, the exec of `-- CMD`,
// %U).
#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "live_util.h"

namespace sctrace::live {
namespace {

using nlohmann::json;

const char kWorkloadComm[] = "sctrace_workloa";
constexpr int kLines = 3;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

// Fields of one CSV line (RFC 4180 quoting, no line breaks inside).
std::size_t csv_fields(const std::string& line) {
  std::size_t n = 1;
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      ++n;
  }
  return n;
}

// Fails unless OUT is exactly one document of FORMAT.
void expect_parses(const std::string& format, const std::string& out) {
  if (format == "json") {
    EXPECT_NO_THROW((void)json::parse(out)) << out;
  } else if (format == "jsonl") {
    for (const std::string& line : lines_of(out))
      if (!line.empty())
        EXPECT_NO_THROW((void)json::parse(line)) << line;
  } else {
    auto lines = lines_of(out);
    ASSERT_FALSE(lines.empty());
    for (const std::string& line : lines)
      EXPECT_EQ(csv_fields(line), csv_fields(lines[0])) << line;
  }
}

// The command's lines are on stderr, in order, and nowhere in stdout.
void expect_lines_on_stderr(const RunResult& r) {
  for (int i = 0; i < kLines; ++i) {
    std::string line = "workload line " + std::to_string(i) + "\n";
    EXPECT_EQ(r.out.find("workload line"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find(line), std::string::npos) << r.err;
  }
}

// Issue 16.2: with structured output on sctrace's stdout, `-- CMD`'s stdout
// goes to sctrace's stderr, in every mode and format: runs MODE_ARGS under
// json, jsonl and csv.
void expect_structured_stdout_is_clean(const std::vector<std::string>& mode) {
  for (std::string format : {"json", "jsonl", "csv"}) {
    SCOPED_TRACE("--format " + format);
    std::vector<std::string> args = mode;
    args.insert(args.end(), {"--format", format, "--", workload_bin(), "print",
                             std::to_string(kLines)});
    auto r = sctrace(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_parses(format, r.out);
    expect_lines_on_stderr(r);
  }
}

TEST(LiveOutput, trace_structured_stdout_never_carries_the_command_output) {
  SCTRACE_REQUIRE_LIVE();
  expect_structured_stdout_is_clean({"sys_getppid \"%d\", $tgid"});
}

TEST(LiveOutput, syscalls_structured_stdout_never_carries_the_command_output) {
  SCTRACE_REQUIRE_LIVE();
  expect_structured_stdout_is_clean({"syscalls", "-e", "trace=getppid"});
}

TEST(LiveOutput, slow_structured_stdout_never_carries_the_command_output) {
  SCTRACE_REQUIRE_LIVE();
  expect_structured_stdout_is_clean(
      {"slow", "--threshold", "1ms", "-e", "trace=getppid"});
}

TEST(LiveOutput, count_structured_stdout_never_carries_the_command_output) {
  SCTRACE_REQUIRE_LIVE();
  expect_structured_stdout_is_clean({"count", "--syscalls", "getppid"});
}

TEST(LiveOutput, latency_structured_stdout_never_carries_the_command_output) {
  SCTRACE_REQUIRE_LIVE();
  expect_structured_stdout_is_clean({"latency", "--syscalls", "getppid"});
}

// Text and -o FILE keep the command's stdout as it was.
TEST(LiveOutput, text_and_output_files_keep_the_command_stdout) {
  SCTRACE_REQUIRE_LIVE();
  auto text = sctrace({"sys_getppid", "--", workload_bin(), "print", "1"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("workload line 0\n"), std::string::npos);
  TempDir dir;
  auto file = sctrace({"--format", "json", "-o", dir.file("t.json"),
                       "sys_getppid", "--", workload_bin(), "print", "1"});
  ASSERT_EQ(file.exit_code, 0) << file.err;
  EXPECT_EQ(file.out, "workload line 0\n");
  EXPECT_NO_THROW((void)json::parse(read_file(dir.file("t.json"))));
}

// Issue 16.4 and 16.7: every exec of a child right after fork is one
// event, none shows an empty name (a name not faulted in is
// <unreadable>, null in raw_args, counted in the summary), and the exec
// sctrace itself makes to start the command is not reported.
TEST(LiveTraceRender, exec_after_fork_is_never_empty_and_launcher_is_hidden) {
  SCTRACE_REQUIRE_LIVE();
  constexpr int kExecs = 20;
  TempDir dir;
  std::string out = dir.file("events.jsonl");
  auto r = sctrace({"--format", "jsonl", "-o", out, "sys_execve \"%s\", arg1",
                    "--", workload_bin(), "fork_exec", std::to_string(kExecs)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  int execs = 0, unreadable = 0;
  for (const json& e : o.events) {
    EXPECT_NE(e["comm"], "sctrace") << e.dump(); // the launcher's exec
    EXPECT_NE(e["message"], "") << e.dump();
    if (e["comm"] != kWorkloadComm)
      continue;
    ++execs;
    if (e["message"] == "<unreadable>") {
      ++unreadable;
      EXPECT_TRUE(e["raw_args"]["arg1"].is_null()) << e.dump();
      EXPECT_EQ(e["unreadable_args"], json::array({"arg1"})) << e.dump();
    } else {
      EXPECT_EQ(e["message"], "/bin/true") << e.dump();
      EXPECT_FALSE(e.contains("unreadable_args")) << e.dump();
    }
  }
  EXPECT_EQ(execs, kExecs);
  EXPECT_EQ(o.events.size(), static_cast<std::size_t>(kExecs));
  EXPECT_EQ(o.summary["unreadable_strings"], unreadable);
  if (unreadable > 0)
    EXPECT_NE(r.err.find("t:sched:sched_process_exec"), std::string::npos)
        << r.err;
}

// The probe the warning suggests reads every exec'd name.
TEST(LiveTraceRender, sched_process_exec_reads_every_exec_name) {
  SCTRACE_REQUIRE_LIVE();
  if (compat_mode())
    GTEST_SKIP() << "bpftrace 0.23 reads the __data_loc field "
                    "args->filename as its raw offset, so str() of it is "
                    "empty (a known limit of the generator, issue 16 "
                    "report)";
  constexpr int kExecs = 20;
  TempDir dir;
  std::string out = dir.file("events.jsonl");
  auto r = sctrace({"--format", "jsonl", "-o", out,
                    "t:sched:sched_process_exec \"%s\", args->filename", "--",
                    workload_bin(), "fork_exec", std::to_string(kExecs)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  int execs = 0;
  for (const json& e : o.events)
    if (e["message"] == "/bin/true")
      ++execs;
  EXPECT_EQ(execs, kExecs);
  EXPECT_EQ(o.summary["unreadable_strings"], 0);
}

// Issue 16.7: -t counts from the start of the trace: the command sleeps
// 1 s before its first getppid, so that event is at least 1 s in (it was
// 0.000000 when -t counted from the first event).
TEST(LiveTraceRender, timestamp_counts_from_the_start_of_the_trace) {
  SCTRACE_REQUIRE_LIVE();
  // -n: only the workload's events are written (sh calls getppid too).
  auto r = sctrace({"-t", "-n", kWorkloadComm, "sys_getppid", "--", "/bin/sh",
                    "-c", "sleep 1; exec " + workload_bin() + " burst 2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0].substr(0, 9), "TIME     ") << lines[0];
  int events = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].find(kWorkloadComm) == std::string::npos)
      continue;
    ++events;
    double t = std::strtod(lines[i].c_str(), nullptr);
    EXPECT_GE(t, 1.0) << lines[i];
    EXPECT_LT(t, 120.0) << lines[i];
  }
  EXPECT_EQ(events, 2) << r.out;
}

// Issue 16.7: the MSG header, and %U as trace.py prints it:
// "sym+0xoff [module]".
TEST(LiveTraceRender, user_symbol_has_offset_and_module) {
  SCTRACE_REQUIRE_LIVE();
  auto r =
      sctrace({"p:" + workload_bin() + ":sctrace_test_callback \"%U\", arg1",
               "--", workload_bin(), "callback", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_EQ(lines[0], "PID     TID     COMM            FUNC             MSG");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string want =
        "sctrace_test_callback sctrace_test_fn+0x2 [sctrace_workload]";
    ASSERT_GE(lines[i].size(), want.size()) << lines[i];
    EXPECT_EQ(lines[i].substr(lines[i].size() - want.size()), want) << lines[i];
  }
}

} // namespace
} // namespace sctrace::live
