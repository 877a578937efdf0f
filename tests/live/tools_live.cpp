// The MCP tools called in-process (make_tools + Tool::call) against the
// real bpftrace and kernel, on a forked child whose calls the test knows:
// it waits for a byte on a pipe (after the probes are live), then makes N
// openat calls of a missing path, then waits for a second byte to exit.
// Counts are exact. Label live; skips (or fails under CI) without root.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "engine/environment.h"
#include "gen/tracefs.h"
#include "live_util.h"
#include "manager/trace_manager.h"
#include "tools/tools.h"

namespace sctrace::tools {
namespace {

using nlohmann::json;

const char* kMissing = "/nonexistent/sctrace-tools-live";

// A forked child: on each byte from the test it runs its next step.
class Opener {
public:
  Opener(int opens, int getppids) {
    if (::pipe2(gate_, O_CLOEXEC) != 0)
      return;
    pid_ = ::fork();
    if (pid_ == 0) {
      char b;
      ::close(gate_[1]);
      if (::read(gate_[0], &b, 1) != 1)
        ::_exit(2);
      for (int i = 0; i < opens; ++i)
        ::openat(AT_FDCWD, kMissing, O_RDONLY);
      for (int i = 0; i < getppids; ++i)
        ::syscall(SYS_getppid);
      (void)::read(gate_[0], &b, 1); // until the test ends it
      ::_exit(0);
    }
    ::close(gate_[0]);
  }
  ~Opener() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(gate_[1]);
  }
  pid_t pid() const { return pid_; }
  void go() { ASSERT_EQ(::write(gate_[1], "g", 1), 1); }

private:
  int gate_[2] = {-1, -1};
  pid_t pid_ = -1;
};

struct Live {
  engine::Environment env;
  std::unique_ptr<gen::TracefsCatalog> catalog;
  manager::TraceManager manager;
  std::unique_ptr<ToolsContext> ctx;
  std::atomic<bool> cancelled{false};

  bool init(std::size_t page_events = 100) {
    auto e = engine::resolve_environment("");
    if (!e.ok())
      return false;
    env = *e;
    catalog = std::make_unique<gen::TracefsCatalog>(env.tracefs);
    ctx = std::make_unique<ToolsContext>(
        ToolsContext{remote::RequestContext{manager, *catalog, env, {}},
                     remote::read_machine_facts(env.bpftrace), page_events,
                     1000, std::nullopt});
    return true;
  }

  // Calls TOOL on a thread of its own.
  std::future<mcp::ToolResult> call(const std::string& name, json args) {
    return std::async(std::launch::async, [this, name, args] {
      for (auto& t : make_tools(*ctx))
        if (t.name == name) {
          mcp::ToolContext tc;
          tc.cancelled = &cancelled;
          int progress = 0;
          tc.progress = [&progress](double, std::optional<double>,
                                    const std::string&) { ++progress; };
          auto r = t.call(args, tc);
          r.structured["test_progress_calls"] = progress;
          return r;
        }
      return mcp::ToolResult{};
    });
  }

  // Waits until one trace is attached; its id.
  std::string wait_attached() {
    for (int i = 0; i < 300; ++i) {
      for (const auto& info : manager.list())
        if (info.attached)
          return info.id;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return "";
  }
};

#define LIVE_SETUP(live, page)                                                 \
  SCTRACE_REQUIRE_LIVE();                                                      \
  Live live;                                                                   \
  ASSERT_TRUE(live.init(page))

TEST(ToolsLive, trace_syscalls_counts_failed_opens_exactly) {
  LIVE_SETUP(live, 100);
  const int n = 37;
  Opener child(n, 0);
  auto call = live.call("trace_syscalls", {{"target", {{"pid", child.pid()}}},
                                           {"syscalls", {"openat"}},
                                           {"duration", 3}});
  ASSERT_NE(live.wait_attached(), "");
  child.go();
  auto r = call.get();
  ASSERT_FALSE(r.is_error) << r.structured.dump();
  const json& s = r.structured;
  EXPECT_EQ(s["status"], "completed");
  EXPECT_EQ(s["events_total"], n);
  EXPECT_EQ(s["events_returned"], n);
  EXPECT_TRUE(s["next_cursor"].is_null());
  EXPECT_EQ(s["truncated"], false);
  EXPECT_EQ(s["digest"]["complete"], true);
  EXPECT_EQ(s["digest"]["syscalls"]["openat"],
            json({{"count", n}, {"errors", n}}));
  EXPECT_EQ(s["digest"]["errors"], json({{"ENOENT", n}}));
  ASSERT_EQ(s["digest"]["failing_paths"].size(), 1u);
  EXPECT_EQ(s["digest"]["failing_paths"][0], json({{"path", kMissing},
                                                   {"syscall", "openat"},
                                                   {"errno", "ENOENT"},
                                                   {"count", n}}));
  EXPECT_EQ(s["digest"]["top_processes"][0]["pid"], child.pid());
  EXPECT_EQ(s["summary"]["tool_stats"]["events_dropped"], 0)
      << s["summary"].dump();
  EXPECT_GE(s["test_progress_calls"].get<int>(), 2);
  for (const auto& e : s["events"])
    EXPECT_EQ(e["args"]["filename"], kMissing);
}

TEST(ToolsLive, cancelling_stops_with_a_partial_result) {
  LIVE_SETUP(live, 100);
  const int n = 12;
  Opener child(n, 0);
  auto start = std::chrono::steady_clock::now();
  auto call = live.call("trace_syscalls", {{"target", {{"pid", child.pid()}}},
                                           {"syscalls", {"openat"}},
                                           {"duration", 60}});
  std::string id = live.wait_attached();
  ASSERT_NE(id, "");
  child.go();
  for (int i = 0; i < 200; ++i) {
    auto info = live.manager.get(id);
    if (info.ok() && info->records == static_cast<std::uint64_t>(n))
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  live.cancelled = true;
  auto r = call.get();
  double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_LT(took, 30);
  ASSERT_FALSE(r.is_error) << r.structured.dump();
  EXPECT_EQ(r.structured["status"], "stopped");
  EXPECT_EQ(r.structured["events_total"], n);
  EXPECT_EQ(r.structured["digest"]["errors"]["ENOENT"], n);
  const json& ts = r.structured["summary"]["tool_stats"];
  EXPECT_EQ(ts["events_dropped"], 0) << ts.dump();
}

TEST(ToolsLive, count_syscalls_is_exact) {
  LIVE_SETUP(live, 100);
  Opener child(9, 23);
  auto call = live.call("count_syscalls", {{"target", {{"pid", child.pid()}}},
                                           {"syscalls", {"openat", "getppid"}},
                                           {"duration", 3}});
  ASSERT_NE(live.wait_attached(), "");
  child.go();
  auto r = call.get();
  ASSERT_FALSE(r.is_error) << r.structured.dump();
  const json& total = r.structured["total"];
  std::map<std::string, std::pair<int, int>> seen;
  for (const auto& row : total["syscalls"])
    seen[row["syscall"]] = {row["count"], row["errors"]};
  EXPECT_EQ(seen["openat"], std::make_pair(9, 9)) << total.dump();
  EXPECT_EQ(seen["getppid"], std::make_pair(23, 0)) << total.dump();
  EXPECT_EQ(total["total_calls"], 32);
}

TEST(ToolsLive, get_trace_events_pages_every_event_once) {
  LIVE_SETUP(live, 7);
  const int n = 50;
  Opener child(n, 0);
  auto call = live.call("trace_syscalls", {{"target", {{"pid", child.pid()}}},
                                           {"syscalls", {"openat"}},
                                           {"duration", 3}});
  ASSERT_NE(live.wait_attached(), "");
  child.go();
  auto r = call.get();
  ASSERT_FALSE(r.is_error) << r.structured.dump();
  ASSERT_EQ(r.structured["events_returned"], 7);
  ASSERT_EQ(r.structured["events_total"], n);
  json events = r.structured["events"];
  json cursor = r.structured["next_cursor"];
  const std::string id = r.structured["trace_id"];
  mcp::Tool pager;
  for (auto& t : make_tools(*live.ctx))
    if (t.name == "get_trace_events")
      pager = t;
  int pages = 0;
  while (!cursor.is_null() && pages++ < 100) {
    mcp::ToolContext tc;
    tc.cancelled = &live.cancelled;
    auto p =
        pager.call({{"trace_id", id}, {"cursor", cursor}, {"limit", 10}}, tc);
    ASSERT_FALSE(p.is_error) << p.structured.dump();
    EXPECT_LE(p.structured["events"].size(), 10u);
    for (const auto& e : p.structured["events"])
      events.push_back(e);
    cursor = p.structured["next_cursor"];
    EXPECT_EQ(p.structured["done"], cursor.is_null());
  }
  ASSERT_EQ(events.size(), static_cast<std::size_t>(n));
  std::set<std::string> stamps;
  for (const auto& e : events)
    stamps.insert(e["timestamp"].get<std::string>());
  EXPECT_EQ(stamps.size(), static_cast<std::size_t>(n));
  auto all = live.manager.records(id, 0, 1000);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(json(all->records), events);
}

TEST(ToolsLive, trace_runs_a_spec_on_the_pid) {
  LIVE_SETUP(live, 100);
  const int n = 5;
  Opener child(n, 0);
  auto call =
      live.call("trace", {{"specs", {"r::sys_openat \"ret %d\", retval"}},
                          {"pid", child.pid()},
                          {"duration", 3}});
  ASSERT_NE(live.wait_attached(), "");
  child.go();
  auto r = call.get();
  ASSERT_FALSE(r.is_error) << r.structured.dump();
  EXPECT_EQ(r.structured["status"], "completed");
  EXPECT_EQ(r.structured["events_total"], n);
  ASSERT_EQ(r.structured["events"].size(), static_cast<std::size_t>(n));
  EXPECT_EQ(r.structured["events"][0]["message"], "ret -2")
      << r.structured["events"][0].dump();
  EXPECT_EQ(r.structured["trace_ids"].size(), 1u);
}

} // namespace
} // namespace sctrace::tools
