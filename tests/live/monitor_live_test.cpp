// The continuous monitor (modes/monitor/monitor.h) on the real kernel,
// aimed with -p at `sctrace_workload commands`, which makes exactly the
// calls each test asks for: exact counts across snapshots, an exact
// errno count and per-comm counts, a slow nanosleep and a slow pipe read
// with its fd path, a per-syscall threshold and the cap on slow calls per
// snapshot, counters that never decrease, and a bpftrace killed mid-run
// that the monitor starts again without losing what it had counted, or,
// past max_restarts, gives up on, keeping its totals.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bit>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "live_util.h"
#include "modes/monitor/monitor.h"

namespace sctrace::live {
namespace {

using monitor::Monitor;
using monitor::Snapshot;
using SnapshotPtr = std::shared_ptr<const Snapshot>;

// sctrace_workload commands, with pipes to its stdin and stdout.
class Commanded {
public:
  Commanded() {
    int in[2], out[2];
    // Close-on-exec: bpftrace, started later, must not keep the workload's
    // stdin open.
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0)
      return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::close(in[1]);
      ::close(out[0]);
      const std::string w = workload_bin();
      ::execl(w.c_str(), w.c_str(), "commands", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    to_ = ::fdopen(in[1], "w");
    from_ = ::fdopen(out[0], "r");
  }
  ~Commanded() {
    close_input();
    if (from_)
      std::fclose(from_);
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  pid_t pid() const { return pid_; }
  // Runs one command; true once it answered "ok".
  bool run(const std::string& command) {
    std::fprintf(to_, "%s\n", command.c_str());
    std::fflush(to_);
    char line[16] = {};
    return std::fgets(line, sizeof line, from_) && std::string(line) == "ok\n";
  }
  void close_input() {
    if (to_)
      std::fclose(to_);
    to_ = nullptr;
  }

private:
  pid_t pid_ = -1;
  FILE* to_ = nullptr;
  FILE* from_ = nullptr;
};

std::unique_ptr<Monitor>
start_monitor(pid_t pid,
              const std::function<void(monitor::MonitorOptions&)>& more = {}) {
  monitor::MonitorOptions o;
  o.target.pids = {pid};
  o.interval_seconds = 0.2;
  o.max_restarts = 3;
  if (more)
    more(o);
  auto m = Monitor::start(o);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  return m.ok() ? std::move(*m) : nullptr;
}

std::uint64_t calls(const Snapshot& s, const std::string& name) {
  auto it = s.total.find(name);
  return it == s.total.end() ? 0 : it->second.calls;
}

// Reads every snapshot in order until want(snapshot) or the timeout,
// checking that no total ever decreased; the matching one, or null.
class Reader {
public:
  explicit Reader(Monitor& m) : m_(m) {}
  SnapshotPtr until(const std::function<bool(const Snapshot&)>& want,
                    std::chrono::seconds timeout = std::chrono::seconds(20)) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      auto s = m_.wait_next(seq_, std::chrono::milliseconds(500));
      if (!s)
        continue;
      check(*s);
      if (want(*s))
        return s;
    }
    return nullptr;
  }
  SnapshotPtr until_up() {
    // One interval past the first up snapshot: the probes are armed.
    auto up = until([](const Snapshot& s) { return s.bpftrace_up; });
    return up ? until([](const Snapshot& s) { return s.bpftrace_up; }) : up;
  }
  std::uint64_t down_snapshots() const { return down_; }
  void reset_down() { down_ = 0; }

private:
  void check(const Snapshot& s) {
    EXPECT_EQ(s.seq, seq_ + 1) << "a snapshot was skipped";
    seq_ = s.seq;
    down_ += s.bpftrace_up ? 0 : 1;
    for (const auto& [name, c] : last_) {
      auto it = s.total.find(name);
      ASSERT_NE(it, s.total.end()) << name << " disappeared";
      EXPECT_GE(it->second.calls, c.calls) << name;
      EXPECT_GE(it->second.errors, c.errors) << name;
      EXPECT_GE(it->second.total_ns, c.total_ns) << name;
      EXPECT_GE(it->second.slow, c.slow) << name;
    }
    EXPECT_GE(s.events_dropped, dropped_);
    dropped_ = s.events_dropped;
    last_ = s.total;
  }
  Monitor& m_;
  std::uint64_t seq_ = 0, down_ = 0, dropped_ = 0;
  std::map<std::string, monitor::SyscallCounters> last_;
};

// The restart tests' start: once the probes are armed, W makes N getppid
// calls; when a snapshot has counted them, the monitor's bpftrace is
// killed (SIGKILL) and R's count of down snapshots starts at 0.
void count_then_kill_bpftrace(Commanded& w, Reader& r, std::uint64_t n) {
  ASSERT_TRUE(r.until_up());
  ASSERT_TRUE(w.run("getppid " + std::to_string(n)));
  ASSERT_TRUE(
      r.until([n](const Snapshot& s) { return calls(s, "getppid") >= n; }));
  const int bpftrace = bpftrace_below(::getpid());
  ASSERT_GT(bpftrace, 0);
  r.reset_down();
  ASSERT_EQ(::kill(bpftrace, SIGKILL), 0);
}

// Whether M ended within 15 seconds.
bool wait_ended(const Monitor& m) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!m.ended() && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  return m.ended();
}

TEST(LiveMonitor, exact_counts_across_snapshots_and_an_errno) {
  SCTRACE_REQUIRE_LIVE();
  Commanded w;
  auto m = start_monitor(w.pid(), [](monitor::MonitorOptions& o) {
    o.by_comm = true;
    o.top_comms = 1;
  });
  ASSERT_TRUE(m);
  Reader r(*m);
  ASSERT_TRUE(r.until_up());
  ASSERT_TRUE(w.run("getppid 100"));
  auto a =
      r.until([](const Snapshot& s) { return calls(s, "getppid") >= 100; });
  ASSERT_TRUE(a);
  EXPECT_EQ(calls(*a, "getppid"), 100u);
  ASSERT_TRUE(w.run("getppid 250"));
  ASSERT_TRUE(w.run("enoent 7"));
  auto b = r.until([](const Snapshot& s) {
    return calls(s, "getppid") >= 350 && calls(s, "openat") >= 7;
  });
  ASSERT_TRUE(b);
  // Later snapshots: still exact, nothing counted twice.
  auto c = r.until([&](const Snapshot& s) { return s.seq >= b->seq + 2; });
  ASSERT_TRUE(c);
  EXPECT_EQ(calls(*c, "getppid"), 350u);
  const auto& openat = c->total.at("openat");
  EXPECT_EQ(openat.calls, 7u);
  EXPECT_EQ(openat.errors, 7u);
  EXPECT_EQ(openat.errnos, (std::map<int, std::uint64_t>{{2, 7}}));
  EXPECT_EQ(c->events_dropped, 0u);
  EXPECT_EQ(c->restarts, 0u);
  EXPECT_TRUE(c->bpftrace_up);
  // Each timed call is in one bucket.
  std::uint64_t in_buckets = 0;
  for (auto n : c->total.at("getppid").buckets)
    in_buckets += n;
  EXPECT_EQ(in_buckets, 350u);
  // One process, one comm.
  ASSERT_EQ(c->by_comm.size(), 1u);
  EXPECT_EQ(c->by_comm.at("sctrace_workloa").at("getppid"), 350u);
  EXPECT_EQ(c->by_comm.at("sctrace_workloa").at("openat"), 7u);
  m->stop();
  EXPECT_TRUE(m->ended());
  EXPECT_EQ(m->end_reason(), "");
  EXPECT_EQ(bpftrace_below(::getpid()), 0);
}

// Two threads whose first getppid lands at one moment, each in a fresh
// monitor: on bpftrace 0.23 the CPU that loses the race to create a key
// (calls, a bucket, the total) would have its update dropped, so every
// call must still be counted once and timed in one bucket.
TEST(LiveMonitor, threads_starting_together_lose_no_call) {
  SCTRACE_REQUIRE_LIVE();
  for (int round = 0; round < 4; ++round) {
    Commanded w;
    auto m = start_monitor(w.pid());
    ASSERT_TRUE(m);
    Reader r(*m);
    ASSERT_TRUE(r.until_up());
    ASSERT_TRUE(w.run("together 1000"));
    auto a =
        r.until([](const Snapshot& s) { return calls(s, "getppid") >= 2000; });
    ASSERT_TRUE(a) << "round " << round;
    auto c = r.until([&](const Snapshot& s) { return s.seq >= a->seq + 1; });
    ASSERT_TRUE(c);
    EXPECT_EQ(calls(*c, "getppid"), 2000u) << "round " << round;
    const auto& getppid = c->total.at("getppid");
    EXPECT_EQ(std::accumulate(getppid.buckets.begin(), getppid.buckets.end(),
                              std::uint64_t{0}),
              2000u)
        << "round " << round;
    EXPECT_GT(getppid.total_ns, 0u);
    m->stop();
    EXPECT_TRUE(m->ended());
  }
}

TEST(LiveMonitor, slow_calls_arrive_with_pid_comm_duration_and_fd_path) {
  SCTRACE_REQUIRE_LIVE();
  Commanded w;
  auto m = start_monitor(w.pid());
  ASSERT_TRUE(m);
  Reader r(*m);
  ASSERT_TRUE(r.until_up());
  ASSERT_TRUE(w.run("nanosleep 30"));
  ASSERT_TRUE(w.run("pipe_read 40"));
  // The workload's reads of stdin, waiting for the next command, may be
  // slow too: only the two calls asked for are checked.
  std::vector<monitor::SlowCall> slow;
  auto s = r.until([&](const Snapshot& snap) {
    for (const auto& c : snap.slow)
      if (c.syscall == "nanosleep" || (c.syscall == "read" && c.fd != 0))
        slow.push_back(c);
    return slow.size() >= 2;
  });
  ASSERT_TRUE(s);
  ASSERT_EQ(slow.size(), 2u);
  EXPECT_EQ(slow[0].syscall, "nanosleep");
  EXPECT_EQ(slow[0].pid, static_cast<std::uint32_t>(w.pid()));
  EXPECT_EQ(slow[0].tid, static_cast<std::uint32_t>(w.pid()));
  EXPECT_EQ(slow[0].comm, "sctrace_workloa");
  EXPECT_GE(slow[0].duration_ns, 30'000'000u);
  EXPECT_LT(slow[0].duration_ns, 1'000'000'000u);
  EXPECT_EQ(slow[0].ret, 0);
  EXPECT_GT(slow[0].wall_ns, 0);
  EXPECT_EQ(slow[1].syscall, "read");
  EXPECT_GE(slow[1].duration_ns, 40'000'000u);
  EXPECT_EQ(slow[1].ret, 1);
  EXPECT_GE(slow[1].fd, 3);
  EXPECT_EQ(slow[1].fd_path.rfind("pipe:[", 0), 0u) << slow[1].fd_path;
  EXPECT_EQ(s->total.at("nanosleep").slow, 1u);
  EXPECT_GE(s->total.at("read").slow, 1u);
  // Its duration d is in bucket bit_width(d), [2^(k-1), 2^k - 1] ns (25
  // for 30 ms, 26 past 33.5 ms on a loaded machine), and only there.
  const auto& sleeps = s->total.at("nanosleep").buckets;
  const int k = std::bit_width(slow[0].duration_ns);
  EXPECT_GE(k, 25);
  EXPECT_EQ(sleeps[static_cast<std::size_t>(k)], 1u);
  EXPECT_EQ(std::accumulate(sleeps.begin(), sleeps.end(), std::uint64_t{0}),
            1u);
  EXPECT_GE(s->total.at("nanosleep").total_ns, 30'000'000u);
  EXPECT_EQ(s->slow_dropped, 0u);
  EXPECT_EQ(s->events_dropped, 0u);
}

TEST(LiveMonitor, per_syscall_threshold_and_the_slow_cap) {
  SCTRACE_REQUIRE_LIVE();
  Commanded w;
  auto m = start_monitor(w.pid(), [](monitor::MonitorOptions& o) {
    o.interval_seconds = 0.5;
    o.thresholds.by_syscall = {{35, 10'000'000}}; // nanosleep only
    o.slow_per_snapshot = 1;
  });
  ASSERT_TRUE(m);
  Reader r(*m);
  ASSERT_TRUE(r.until_up());
  ASSERT_TRUE(w.run("pipe_read 30")); // slow, but read is not watched
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(w.run("nanosleep 20"));
  std::uint64_t listed = 0;
  auto s = r.until([&](const Snapshot& snap) {
    EXPECT_LE(snap.slow.size(), 1u);
    for (const auto& c : snap.slow)
      EXPECT_EQ(c.syscall, "nanosleep");
    listed += snap.slow.size();
    return listed + snap.slow_dropped >= 3;
  });
  ASSERT_TRUE(s);
  // Every slow call is listed or counted past the cap, none twice.
  EXPECT_EQ(listed + s->slow_dropped, 3u);
  EXPECT_EQ(s->total.at("nanosleep").slow, 3u);
  EXPECT_EQ(s->total.at("read").slow, 0u);
  EXPECT_EQ(s->events_dropped, 0u);
}

TEST(LiveMonitor, a_killed_bpftrace_is_restarted_and_totals_never_go_down) {
  SCTRACE_REQUIRE_LIVE();
  Commanded w;
  auto m = start_monitor(w.pid());
  ASSERT_TRUE(m);
  Reader r(*m);
  ASSERT_NO_FATAL_FAILURE(count_then_kill_bpftrace(w, r, 100));
  auto again = r.until(
      [](const Snapshot& s) { return s.restarts == 1 && s.bpftrace_up; });
  ASSERT_TRUE(again) << "ended: " << m->end_reason();
  EXPECT_GT(r.down_snapshots(), 0u); // published while none ran
  ASSERT_TRUE(r.until([](const Snapshot& s) { return s.bpftrace_up; }));
  ASSERT_TRUE(w.run("getppid 20"));
  auto after =
      r.until([](const Snapshot& s) { return calls(s, "getppid") >= 120; });
  ASSERT_TRUE(after);
  EXPECT_EQ(calls(*after, "getppid"), 120u);
  EXPECT_EQ(after->restarts, 1u);
  EXPECT_FALSE(after->warnings.empty());
  // The target exits: the monitor ends, saying why, with no bpftrace.
  w.close_input();
  EXPECT_TRUE(wait_ended(*m));
  EXPECT_EQ(m->end_reason(), "the traced processes exited");
  EXPECT_TRUE(m->target_ended()); // a normal end: the exporter exits 0
  m->stop();
  EXPECT_EQ(bpftrace_below(::getpid()), 0);
}

TEST(LiveMonitor, gives_up_after_max_restarts_and_keeps_its_totals) {
  SCTRACE_REQUIRE_LIVE();
  Commanded w;
  auto m = start_monitor(
      w.pid(), [](monitor::MonitorOptions& o) { o.max_restarts = 0; });
  ASSERT_TRUE(m);
  Reader r(*m);
  ASSERT_NO_FATAL_FAILURE(count_then_kill_bpftrace(w, r, 30));
  ASSERT_TRUE(wait_ended(*m));
  EXPECT_NE(m->end_reason().find("giving up"), std::string::npos)
      << m->end_reason();
  EXPECT_FALSE(m->target_ended());
  EXPECT_EQ(m->wait_next(m->latest()->seq, std::chrono::milliseconds(300)),
            nullptr);
  EXPECT_EQ(calls(*m->latest(), "getppid"), 30u);
  EXPECT_EQ(m->latest()->restarts, 0u);
  EXPECT_EQ(bpftrace_below(::getpid()), 0);
}

} // namespace
} // namespace sctrace::live
