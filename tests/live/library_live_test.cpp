// The C++ library API against the real kernel: a spec from the fluent
// builder, run by engine::run_session, events to a callback.
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "engine/session.h"
#include "live_util.h"
#include "modes/stats/run.h"
#include "modes/syscalls/run.h"
#include "spec/builder.h"
#include "spec/json.h"

namespace sctrace::live {
namespace {

TEST(LiveLibrary, builder_spec_runs_for_its_own_duration) {
  SCTRACE_REQUIRE_LIVE();
  auto spec = spec::TraceSpecBuilder()
                  .Kprobe("__x64_sys_getppid") // resolves to the tracepoint
                  .Format("getppid by %d", {"$tgid"})
                  .Duration(2)
                  .Build();
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  engine::SessionOptions opt = engine::options_for(*spec);
  opt.include_self = true; // this test process makes the calls
  int mine = 0;
  pid_t self = ::getpid();
  events::CallbackSink sink([&](const events::TraceEvent& e) {
    if (e.pid == static_cast<std::uint32_t>(self))
      ++mine;
  });
  std::thread caller([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    for (int i = 0; i < 25; ++i)
      ::getppid();
  });
  auto t0 = std::chrono::steady_clock::now();
  engine::SessionResult r = engine::run_session(opt, sink);
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  caller.join();
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.summary.stop_reason, "duration");
  EXPECT_EQ(mine, 25);
  EXPECT_EQ(r.summary.events_dropped, 0u);
  EXPECT_GE(secs, 2.0);
  EXPECT_LT(secs, 30.0);
}

TEST(LiveLibrary, ebpf_programs_request_with_max_events) {
  SCTRACE_REQUIRE_LIVE();
  auto plan = spec::plan_from_ebpf_program(nlohmann::json::parse(R"({
    "name": "getppid_watch", "type": "tracepoint",
    "target": "syscalls:sys_enter_getppid", "duration": 30,
    "max_events": 5, "filters": {"process": "sctrace_workloa"}})"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  engine::SessionOptions opt = engine::options_for(*plan);
  opt.command = {workload_bin(), "burst", "100"};
  int n = 0;
  events::CallbackSink sink([&](const events::TraceEvent&) { ++n; });
  engine::SessionResult r = engine::run_session(opt, sink);
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(n, 5);
  EXPECT_EQ(r.summary.stop_reason, "max_events");
}

// ---- four sessions at once in one process ---------------------------------

// Keeps the syscalls mode's openat events: path and result.
class OpenatCollector final : public syscalls::SyscallWriter {
public:
  OpenatCollector() : syscalls::SyscallWriter(sink_) {}
  void event(const syscalls::SyscallEvent& e) override {
    if (e.syscall != "openat" || e.args.size() < 2)
      return;
    if (e.args[1].text == "/nonexistent/sctrace-test" && e.error == ENOENT)
      ++enoent;
    if (e.args[1].text == "/" && e.error == EISDIR)
      ++eisdir;
  }
  void finish(const syscalls::SyscallSummary&) override {}
  int enoent = 0, eisdir = 0;

private:
  std::ostringstream sink_;
};

// Keeps count mode's total.
class TotalCollector final : public stats::StatsWriter {
public:
  TotalCollector() : stats::StatsWriter(sink_) {}
  void interval(const stats::Report&) override {}
  void total(const stats::Report& r) override { total_count = r.total_count; }
  void finish(const stats::StatsSummary&) override {}
  std::uint64_t total_count = 0;

private:
  std::ostringstream sink_;
};

struct TraceRun {
  engine::SessionResult result;
  int matching = 0;
};

// A trace.py session on its own thread: events whose message is `expect`.
TraceRun trace_in_thread(const std::string& spec,
                         const std::vector<std::string>& command,
                         const std::string& expect) {
  TraceRun run;
  auto parsed = spec::parse_probe(spec);
  EXPECT_TRUE(parsed.ok());
  engine::SessionOptions opt;
  opt.specs = {*parsed};
  opt.command = command;
  events::CallbackSink sink([&](const events::TraceEvent& e) {
    run.matching += e.message == expect;
  });
  run.result = engine::run_session(opt, sink);
  return run;
}

TEST(LiveLibrary, four_sessions_at_once_each_report_exactly_their_own) {
  SCTRACE_REQUIRE_LIVE();
  const std::string w = workload_bin();
  const std::string path = "/tmp/sctrace-four-sessions";
  TraceRun opens, getppids;
  syscalls::SyscallsResult sys_res;
  stats::StatsResult count_res;
  OpenatCollector openats;
  TotalCollector totals;
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    opens = trace_in_thread(R"(sys_openat "%s", arg2)", {w, "open", "50", path},
                            path);
  });
  threads.emplace_back([&] {
    getppids = trace_in_thread("sys_getppid", {w, "burst", "300"}, "");
  });
  threads.emplace_back([&] {
    syscalls::SyscallsOptions o;
    o.target.command = {w, "fail_open", "20"};
    o.selection = "openat";
    sys_res = syscalls::run_syscalls(o, openats);
  });
  threads.emplace_back([&] {
    stats::StatsOptions o;
    o.target.command = {w, "burst", "777"};
    o.selection = "getppid";
    count_res = stats::run_stats(o, totals);
  });
  for (auto& t : threads)
    t.join();
  ASSERT_FALSE(opens.result.error) << opens.result.error->message;
  ASSERT_FALSE(getppids.result.error) << getppids.result.error->message;
  ASSERT_FALSE(sys_res.error) << sys_res.error->message;
  ASSERT_FALSE(count_res.error) << count_res.error->message;
  EXPECT_EQ(opens.matching, 50);
  EXPECT_EQ(getppids.result.summary.total_events, 300u);
  EXPECT_EQ(openats.enoent, 20);
  EXPECT_EQ(openats.eisdir, 20);
  EXPECT_EQ(totals.total_count, 777u);
  for (const auto* r : {&opens.result, &getppids.result}) {
    EXPECT_EQ(r->summary.stop_reason, "command_exited");
    EXPECT_EQ(r->summary.events_dropped, 0u);
    EXPECT_TRUE(r->summary.drained);
  }
  EXPECT_EQ(sys_res.summary.stop_reason, "command_exited");
  EXPECT_EQ(count_res.summary.stop_reason, "command_exited");
}

} // namespace
} // namespace sctrace::live
