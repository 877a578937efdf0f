// Signals and exits: strace's lines ("--- SIGCHLD {...} ---", "+++ exited
// with 3 +++", "+++ killed by SIGKILL +++") in text by default, and events
// of their own kind in JSONL with --process-events (process_event.schema.
// json), on a command whose signals and exits are known (workload
// signals_demo, -e trace=getppid, which it never calls: with a SIGCHLD
// handler, a child exits 3, a child is killed by SIGKILL, it sends itself
// SIGUSR1, then it exits 5; it prints each child's pid).
#include "syscalls_live_util.h"

namespace sctrace::live {
namespace {

struct DemoRun {
  int parent = 0, exited = 0, killed = 0; // pids
  std::string output;                     // sctrace's -o FILE
};

DemoRun demo(const std::vector<std::string>& options) {
  TempDir dir;
  DemoRun run;
  std::string out = dir.file("events");
  auto r = sctrace(
      sc::concat(
          sc::concat({"syscalls", "-e", "trace=getppid", "-o", out}, options),
          {"--", workload_bin(), "signals_demo"}),
      120);
  EXPECT_EQ(r.exit_code, 5) << r.err; // the command's exit code
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream f(line);
    std::string what;
    int pid = 0;
    f >> what >> pid;
    (what == "parent"   ? run.parent
     : what == "exited" ? run.exited
                        : run.killed) = pid;
  }
  run.output = read_file(out);
  return run;
}

TEST(LiveSyscallsProcessEvents, text_has_stracess_signal_and_exit_lines) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  DemoRun run = demo({}); // text: on by default, as in strace
  ASSERT_GT(run.parent, 0);
  ASSERT_GT(run.exited, 0);
  ASSERT_GT(run.killed, 0);
  // Lines of different processes come from different CPUs, in no set
  // order: compare them as (pid, line) pairs, prefix taken off.
  static const std::regex prefixed(R"(^(?:\[pid (\d+)\] )?(.*)$)");
  static const std::regex times(R"(si_utime=\d+, si_stime=\d+)");
  std::multiset<std::pair<int, std::string>> got;
  std::istringstream in(run.output);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, prefixed)) << line;
    const int pid = m[1].matched ? std::stoi(m[1]) : 0;
    got.emplace(pid, std::regex_replace(std::string(m[2]), times, "T"));
  }
  const std::string p = std::to_string(run.parent);
  auto sigchld = [](const std::string& code, int child,
                    const std::string& status) {
    return "--- SIGCHLD {si_signo=SIGCHLD, si_code=" + code +
           ", si_pid=" + std::to_string(child) +
           ", si_uid=0, si_status=" + status + ", T} ---";
  };
  std::multiset<std::pair<int, std::string>> expected = {
      {run.exited, "+++ exited with 3 +++"},
      {run.parent, sigchld("CLD_EXITED", run.exited, "3")},
      {run.killed, "+++ killed by SIGKILL +++"},
      {run.parent, sigchld("CLD_KILLED", run.killed, "SIGKILL")},
      {run.parent, "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=" +
                       p + ", si_uid=0} ---"},
      {run.parent, "+++ exited with 5 +++"},
  };
  // The first line has no prefix (one thread seen so far): it is
  // whichever came first; give it its pid from the expected lines.
  std::multiset<std::pair<int, std::string>> fixed;
  for (const auto& [pid, text] : got) {
    int who = pid;
    if (who == 0)
      for (const auto& [epid, etext] : expected)
        if (etext == text)
          who = epid;
    fixed.emplace(who, text);
  }
  EXPECT_EQ(fixed, expected) << run.output;
}

TEST(LiveSyscallsProcessEvents, jsonl_has_signal_and_exit_events) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  DemoRun run = demo({"--format", "jsonl", "--process-events"});
  auto o = parse_jsonl(run.output);
  std::map<std::string, std::vector<nlohmann::json>> by_type;
  for (const auto& e : o.events)
    by_type[e.value("type", "syscall")].push_back(e);
  EXPECT_EQ(by_type.count("syscall"), 0u); // no getppid
  ASSERT_EQ(by_type["signal"].size(), 3u);
  ASSERT_EQ(by_type["exit"].size(), 3u);
  std::map<int, nlohmann::json> exits;
  for (const auto& e : by_type["exit"])
    exits[e["pid"].get<int>()] = e["exit"];
  EXPECT_EQ(exits[run.exited],
            (nlohmann::json{
                {"code", 3}, {"signal", nullptr}, {"core_dumped", false}}));
  EXPECT_EQ(exits[run.killed], (nlohmann::json{{"code", nullptr},
                                               {"signal", "SIGKILL"},
                                               {"core_dumped", false}}));
  EXPECT_EQ(exits[run.parent]["code"], 5);
  std::set<std::pair<std::string, int>> signals;
  for (const auto& e : by_type["signal"]) {
    EXPECT_EQ(e["pid"], run.parent);
    EXPECT_EQ(e["signal"]["si_uid"], 0);
    signals.emplace(e["signal"]["name"].get<std::string>() + " " +
                        e["signal"]["signo"].dump() + " " +
                        e["signal"]["si_code"].get<std::string>(),
                    e["signal"]["si_pid"].get<int>());
  }
  EXPECT_EQ(signals, (std::set<std::pair<std::string, int>>{
                         {"SIGCHLD 17 CLD_EXITED", run.exited},
                         {"SIGCHLD 17 CLD_KILLED", run.killed},
                         {"SIGUSR1 10 SI_USER", run.parent}}));
  if (sc::python_skip_reason().empty()) {
    TempDir dir;
    std::ofstream(dir.file("out.jsonl")) << run.output;
    auto v = sc::validate_syscalls("jsonl", dir.file("out.jsonl"));
    EXPECT_EQ(v.exit_code, 0) << v.err;
  }
}

// Off on request in text, and off by default in the machine formats:
// the same command gives no line and no event.
TEST(LiveSyscallsProcessEvents, off_with_no_process_events_and_in_jsonl) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  DemoRun text = demo({"--no-process-events"});
  ASSERT_GT(text.parent, 0);
  EXPECT_EQ(text.output, "");
  DemoRun jsonl = demo({"--format", "jsonl"});
  ASSERT_GT(jsonl.parent, 0);
  auto o = parse_jsonl(jsonl.output);
  EXPECT_TRUE(o.events.empty()) << jsonl.output;
  EXPECT_EQ(o.summary["total_events"], 0) << jsonl.output;
}

} // namespace
} // namespace sctrace::live
