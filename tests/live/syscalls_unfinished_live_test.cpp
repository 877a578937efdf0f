// Calls in flight when tracing starts or stops, and calls that never
// return, are reported as unfinished events, not dropped:
//   running_at_stop       entered while traced, still blocked at the stop:
//                         arguments known, no return value
//   started_before_trace  blocked before tracing began, returned while
//                         traced: return value known, arguments not
//   never_returned        exit_group
// The tests know tracing is live when the target's heartbeat (poll or
// getppid every 20 ms) shows up in the output, and only then release it.
#include <map>

#include "syscalls_live_util.h"

namespace sctrace::live {
namespace {

std::vector<nlohmann::json> of(const std::vector<nlohmann::json>& events,
                               const std::string& syscall) {
  std::vector<nlohmann::json> out;
  for (const auto& e : events)
    if (e["syscall"] == syscall)
      out.push_back(e);
  return out;
}

TEST(LiveSyscallsUnfinished, read_blocked_at_stop_is_running_at_stop) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  sc::Child w({workload_bin(), "gate_block_read"});
  std::string fd_line = w.read_line();
  ASSERT_TRUE(fd_line.starts_with("fd ")) << fd_line;
  const int fd = std::stoi(fd_line.substr(3));
  const auto pid = static_cast<int>(w.pid());
  std::string out = dir.file("events.jsonl");
  auto trace = sc::sctrace_async(
      {"-p", std::to_string(pid), "-d", "2", "--format", "jsonl", "-o", out});
  ASSERT_TRUE(sc::wait_for_event(out, [](const nlohmann::json& e) {
    return e["syscall"] == "poll";
  })) << "no heartbeat: tracing never became live";
  ASSERT_TRUE(w.send("go"));
  auto r = trace.get();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  auto reads = of(o.events, "read");
  ASSERT_EQ(reads.size(), 1u) << nlohmann::json(reads).dump(1) << r.err;
  const auto& e = reads[0];
  EXPECT_EQ(e["unfinished"], "running_at_stop") << e;
  EXPECT_TRUE(e["return_value"].is_null()) << e;
  EXPECT_TRUE(e["error"].is_null()) << e;
  EXPECT_EQ(e["pid"], pid);
  EXPECT_EQ(e["tid"], pid);
  EXPECT_EQ(e["comm"], "sctrace_workloa");
  EXPECT_EQ(e["args"]["fd"], fd) << e;
  EXPECT_EQ(e["args"]["count"], 16) << e;
  // Blocked from the release to the stop: well under the 2 s traced.
  ASSERT_TRUE(e["duration_ns"].is_number_unsigned()) << e;
  EXPECT_GT(e["duration_ns"].get<std::uint64_t>(), 0u);
  EXPECT_LT(e["duration_ns"].get<std::uint64_t>(), 3'000'000'000u);
  EXPECT_EQ(o.summary["stop_reason"], "duration");
  // Nothing else was in flight at the stop (the process only polled, then
  // read); the poll running when tracing began may be started_before_trace.
  std::size_t at_stop = 0, unfinished = 0;
  for (const auto& x : o.events) {
    at_stop += x["unfinished"] == "running_at_stop";
    unfinished += !x["unfinished"].is_null();
    if (x["unfinished"] == "started_before_trace") {
      EXPECT_EQ(x["syscall"], "poll") << x;
    }
  }
  EXPECT_EQ(at_stop, 1u);
  EXPECT_EQ(o.summary["unfinished_calls"], unfinished) << r.err;
}

TEST(LiveSyscallsUnfinished, read_blocked_at_start_is_started_before_trace) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  sc::Child w({workload_bin(), "blocked_read"});
  const auto pid = static_cast<int>(w.pid());
  // Let it reach its read() before tracing starts.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::string out = dir.file("events.jsonl");
  auto trace = sc::sctrace_async(
      {"-p", std::to_string(pid), "-d", "3", "--format", "jsonl", "-o", out});
  // A call that started before the trace is reported only once the trace
  // is armed (its first marker round), a few ms after the first event:
  // three heartbeats (40 ms or more) are past that.
  ASSERT_TRUE(sc::wait_for_events(
      out, [](const nlohmann::json& e) { return e["syscall"] == "getppid"; },
      3))
      << "no heartbeat: tracing never became live";
  ASSERT_TRUE(w.send("hello"));
  EXPECT_EQ(w.wait(), 0) << "the workload's read did not return 5 bytes";
  auto r = trace.get();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));

  auto reads = of(o.events, "read");
  ASSERT_EQ(reads.size(), 1u) << r.err;
  const auto& e = reads[0];
  EXPECT_EQ(e["unfinished"], "started_before_trace") << e;
  EXPECT_EQ(e["return_value"], 5) << e;
  EXPECT_TRUE(e["error"].is_null()) << e;
  EXPECT_EQ(e["pid"], pid);
  EXPECT_EQ(e["tid"], pid);
  EXPECT_EQ(e["args"],
            (nlohmann::json{{"extraction_errors", {"args_unavailable"}}}))
      << e;

  // Then the process exits: exit_group never returns.
  auto exits = of(o.events, "exit_group");
  ASSERT_EQ(exits.size(), 1u);
  EXPECT_EQ(exits[0]["unfinished"], "never_returned") << exits[0];
  EXPECT_TRUE(exits[0]["return_value"].is_null()) << exits[0];
  EXPECT_TRUE(exits[0]["error"].is_null()) << exits[0];
  EXPECT_EQ(exits[0]["tid"], pid);
  EXPECT_EQ(exits[0]["args"], (nlohmann::json{{"error_code", 0}}));
}

TEST(LiveSyscallsUnfinished, exit_group_of_a_command_never_returns) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  std::string out = dir.file("events.jsonl");
  auto r = sctrace({"syscalls", "--format", "jsonl", "-o", out, "--",
                    workload_bin(), "exit", "3"},
                   60);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  auto o = parse_jsonl(read_file(out));
  std::size_t unfinished = 0;
  for (const auto& e : o.events)
    if (!e["unfinished"].is_null()) {
      ++unfinished;
      EXPECT_EQ(e["syscall"], "exit_group") << e;
    }
  EXPECT_EQ(unfinished, 1u);
  auto exits = of(o.events, "exit_group");
  ASSERT_EQ(exits.size(), 1u);
  EXPECT_EQ(exits[0]["unfinished"], "never_returned");
  EXPECT_TRUE(exits[0]["return_value"].is_null());
  EXPECT_TRUE(exits[0]["error"].is_null());
  EXPECT_EQ(exits[0]["args"], (nlohmann::json{{"error_code", 3}}));
  // It is the last event.
  EXPECT_EQ(o.events.back()["syscall"], "exit_group");
  EXPECT_EQ(o.summary["unfinished_calls"], 1);
  EXPECT_EQ(o.summary["command_exit_code"], 3);

  // Text: strace's "exit_group(3) = ?", then "+++ exited with 3 +++".
  std::string text = dir.file("events.txt");
  r = sctrace({"syscalls", "-e", "trace=exit_group", "-o", text, "--",
               workload_bin(), "exit", "3"},
              60);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(read_file(text), "exit_group(3) = ?\n+++ exited with 3 +++\n");
}

TEST(LiveSyscallsUnfinished, only_the_first_call_of_a_thread_started_before) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  // A shell that keeps forking and waiting for `sleep 0.01`, traced for
  // 2 s: it makes calls all along, before, during and after the trace.
  // Only one call per thread can have been running when tracing began (the
  // first one seen), and only the last can be running at the stop. The
  // shell alone (--no-follow): its `sleep` children are not the point.
  TempDir dir;
  sc::Child sh({"/bin/sh", "-c", "while :; do sleep 0.01; done"});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::string out = dir.file("events.jsonl");
  auto r = sctrace({"syscalls", "-p", std::to_string(sh.pid()), "--no-follow",
                    "-d", "2", "--format", "jsonl", "-o", out},
                   60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  std::map<int, std::vector<nlohmann::json>> by_tid;
  for (const auto& e : o.events)
    by_tid[e["tid"].get<int>()].push_back(e);
  ASSERT_EQ(by_tid.size(), 1u);
  const auto& calls = by_tid.begin()->second;
  ASSERT_GT(calls.size(), 100u); // ~150 loops in 2 s
  std::size_t late_started_before = 0, early_running_at_stop = 0,
              unfinished = 0;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const auto& u = calls[i]["unfinished"];
    unfinished += !u.is_null();
    if (i > 0 && u == "started_before_trace") {
      if (late_started_before++ == 0)
        ADD_FAILURE() << "call " << i << " of " << calls.size()
                      << " started before the trace: " << calls[i];
    }
    if (i + 1 < calls.size() && u == "running_at_stop")
      ++early_running_at_stop;
  }
  EXPECT_EQ(late_started_before, 0u);
  EXPECT_EQ(early_running_at_stop, 0u);
  EXPECT_EQ(o.summary["unfinished_calls"], unfinished);
}

// Busy threads (getppid without pause) while the probes attach: the exits
// attach before the entry, and a call whose exit comes before the trace is
// armed is not the trace's. Each thread has at most the one call it was
// in when the trace was armed as started_before_trace, not one for every
// call made while the entry probe attached.
TEST(LiveSyscallsUnfinished, busy_threads_have_one_started_before_each) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  sc::Child w({workload_bin(), "burst_for", "6000", "2"});
  std::string out = dir.file("events.jsonl");
  auto r = sctrace({"syscalls", "-p", std::to_string(w.pid()), "-e",
                    "trace=getppid", "-d", "1", "--format", "jsonl", "-o", out},
                   60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  std::map<int, std::size_t> started_before, calls;
  for (const auto& e : o.events) {
    ++calls[e["tid"].get<int>()];
    if (e["unfinished"] == "started_before_trace")
      ++started_before[e["tid"].get<int>()];
  }
  ASSERT_EQ(calls.size(), 2u) << r.err;
  for (const auto& [tid, n] : calls) {
    EXPECT_GT(n, 1000u) << tid; // a busy thread, traced for 1 s
    EXPECT_LE(started_before[tid], 1u) << tid;
  }
  EXPECT_EQ(w.wait(), 0);
}

} // namespace
} // namespace sctrace::live
