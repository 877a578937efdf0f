// Targets of `sctrace syscalls`: -p with several processes and all their
// threads, threads of a command in text output, --container and --cgroup
// (a cgroup v2 group the test creates, with a child forked after tracing
// began, and a process outside the group that must not show up).
//
// Processes wait at a gate (poll on stdin every 20 ms, see workload.cpp)
// until the test has seen them in the output, so their work happens while
// tracing is live.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "syscalls_live_util.h"

namespace sctrace::live {
namespace {

// Two gated multi-threaded processes traced with -p A,B, and a third
// one, not traced, doing the same at the same time.
struct PidsRun {
  int pa = 0, pb = 0, po = 0;
  JsonlOutput o;
};
constexpr int kCalls = 25;

void run_pids(PidsRun& run) {
  TempDir dir;
  sc::Child a({workload_bin(), "gate_threads", "3", std::to_string(kCalls)});
  sc::Child b({workload_bin(), "gate_threads", "2", std::to_string(kCalls)});
  sc::Child outside(
      {workload_bin(), "gate_threads", "1", std::to_string(kCalls)});
  const int pa = run.pa = a.pid(), pb = run.pb = b.pid();
  run.po = outside.pid();
  std::string out = dir.file("events.jsonl");
  auto trace =
      sc::sctrace_async({"-p", std::to_string(pa) + "," + std::to_string(pb),
                         "-d", "3", "--format", "jsonl", "-o", out});
  for (int pid : {pa, pb})
    ASSERT_TRUE(sc::wait_for_event(out,
                                   [pid](const nlohmann::json& e) {
                                     return e["pid"] == pid &&
                                            e["syscall"] == "poll";
                                   }))
        << "no heartbeat from " << pid;
  for (sc::Child* c : {&a, &b, &outside})
    ASSERT_TRUE(c->send("go"));
  EXPECT_EQ(a.wait(), 0);
  EXPECT_EQ(b.wait(), 0);
  EXPECT_EQ(outside.wait(), 0);
  auto r = trace.get();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  run.o = parse_jsonl(read_file(out));
  ASSERT_EQ(run.o.summary["tool_stats"]["events_dropped"], 0);
}

TEST(LiveSyscallsTargets, several_pids_and_all_their_threads) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  PidsRun run;
  run_pids(run);
  const int pa = run.pa, pb = run.pb;
  // getppid per process and thread: every thread (the main one included)
  // made exactly kCalls; process a has 4 threads, b has 3.
  std::map<int, std::map<int, int>> getppid; // pid -> tid -> calls
  std::map<int, int> clones;                 // pid -> clone3 calls made
  for (const auto& e : run.o.events) {
    int pid = e["pid"];
    ASSERT_TRUE(pid == pa || pid == pb) << "not a traced process: " << e;
    if (e["syscall"] == "getppid") {
      ++getppid[pid][e["tid"].get<int>()];
      EXPECT_EQ(e["return_value"], ::getpid()) << e;
    }
    // The creating side (returns the new thread's id).
    if (e["syscall"] == "clone3" && e["return_value"].is_number() &&
        e["return_value"].get<long>() > 0) {
      ++clones[pid];
      EXPECT_EQ(e["tid"], pid) << e;
    }
  }
  ASSERT_EQ(getppid[pa].size(), 4u);
  ASSERT_EQ(getppid[pb].size(), 3u);
  for (int pid : {pa, pb}) {
    EXPECT_EQ(getppid[pid].count(pid), 1u) << "main thread of " << pid;
    for (const auto& [tid, n] : getppid[pid])
      EXPECT_EQ(n, kCalls) << "pid " << pid << " tid " << tid;
  }
  EXPECT_EQ(clones[pa], 3);
  EXPECT_EQ(clones[pb], 2);
  EXPECT_EQ(getppid.count(run.po), 0u);
}

// -p with the same pid 10,000 times: one target, each call once (before,
// the program compared pid 10,000 times and the verifier rejected it).
TEST(LiveSyscallsTargets, ten_thousand_copies_of_a_pid_trace_it_once) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  sc::Child a({workload_bin(), "gate_threads", "1", std::to_string(kCalls)});
  const int pa = a.pid();
  std::string pids = std::to_string(pa);
  for (int i = 1; i < 10000; ++i)
    pids += "," + std::to_string(pa);
  std::string out = dir.file("events.jsonl");
  auto trace = sc::sctrace_async({"-p", pids, "-e", "trace=poll,getppid", "-d",
                                  "3", "--format", "jsonl", "-o", out});
  ASSERT_TRUE(sc::wait_for_event(out,
                                 [pa](const nlohmann::json& e) {
                                   return e["pid"] == pa &&
                                          e["syscall"] == "poll";
                                 }))
      << "no heartbeat from " << pa;
  ASSERT_TRUE(a.send("go"));
  EXPECT_EQ(a.wait(), 0);
  auto r = trace.get();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  ASSERT_EQ(o.summary["tool_stats"]["events_dropped"], 0);
  // The main thread and one more, kCalls getppid each: 2 x kCalls events.
  int getppid = 0;
  for (const auto& e : o.events) {
    ASSERT_EQ(e["pid"], pa) << e;
    getppid += e["syscall"] == "getppid";
  }
  EXPECT_EQ(getppid, 2 * kCalls);
}

TEST(LiveSyscallsTargets, threads_created_while_traced_started_nothing_before) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  // A thread created during the trace cannot have a call that started
  // before it: strace -f shows one clone3 per thread (the creator's), not
  // the new thread's return from it. Only the poll the main threads were
  // in when tracing began can be started_before_trace.
  PidsRun run;
  run_pids(run);
  std::map<std::string, int> clone3_calls;
  std::vector<nlohmann::json> bad;
  for (const auto& e : run.o.events) {
    if (e["unfinished"] == "started_before_trace" &&
        (e["tid"] != e["pid"] || e["syscall"] != "poll"))
      bad.push_back(e);
    if (e["syscall"] == "clone3")
      ++clone3_calls[std::to_string(e["pid"].get<int>())];
  }
  EXPECT_EQ(bad.size(), 0u) << "calls of threads created while traced, "
                               "reported as started before the trace; the "
                               "first: "
                            << (bad.empty() ? nlohmann::json() : bad[0]);
  EXPECT_EQ(clone3_calls[std::to_string(run.pa)], 3);
  EXPECT_EQ(clone3_calls[std::to_string(run.pb)], 2);
}

TEST(LiveSyscallsTargets, text_output_prefixes_pid_once_a_second_thread_runs) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  std::string out = dir.file("events.txt");
  // stdin from /dev/null: the gate opens at once.
  auto r = sctrace({"syscalls", "-e", "trace=getppid,clone3,exit_group", "-o",
                    out, "--", "/bin/sh", "-c",
                    "exec \"$0\" gate_threads 2 4 </dev/null", workload_bin()},
                   60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(read_file(out));
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line))
    lines.push_back(line);
  // sh's getppid (for $PPID) before its exec, then clone3 x2 and
  // exit_group by the main thread, getppid x4 by each of three threads,
  // and the process's exit.
  ASSERT_EQ(lines.size(), 1u + 2u + 1u + 12u + 1u) << read_file(out);
  // The first lines come before any second thread: no prefix. From the
  // first event of a second thread on, every line has one.
  EXPECT_TRUE(lines[0].starts_with("getppid() = ")) << lines[0];
  EXPECT_TRUE(lines[1].starts_with("clone3(")) << lines[1];
  std::size_t first_prefixed = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].starts_with("[pid ")) {
      first_prefixed = i;
      break;
    }
  ASSERT_LT(first_prefixed, lines.size());
  std::set<std::string> tids;
  static const std::regex prefixed(
      R"(^\[pid (\d+)\] (?:\w+\(.*|\+\+\+ exited with 0 \+\+\+)$)");
  for (std::size_t i = first_prefixed; i < lines.size(); ++i) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(lines[i], m, prefixed)) << lines[i];
    tids.insert(m[1]);
  }
  for (std::size_t i = 0; i < first_prefixed; ++i)
    EXPECT_FALSE(lines[i].starts_with("[pid ")) << lines[i];
  // (Lines of different threads need not be in time order: the main
  // thread's exit_group, after the joins, may come before a thread's last
  // getppid.)
  static const std::regex exit_group(R"(^\[pid \d+\] exit_group\(0\) = \?$)");
  EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                          [](const std::string& l) {
                            return std::regex_match(l, exit_group);
                          }),
            1);
  EXPECT_GE(tids.size(), 2u);
}

// ---- cgroups
// ------------------------------------------------------------------

// The cgroup2 mount point, or empty.
std::string cgroup2_mount() {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    auto dash = line.find(" - ");
    if (dash == std::string::npos || line.compare(dash + 3, 8, "cgroup2 ") != 0)
      continue;
    std::istringstream head(line.substr(0, dash));
    std::string f;
    for (int i = 0; i < 5 && head >> f; ++i) {
    }
    return f;
  }
  return {};
}

// A fresh cgroup v2 group, removed (with its processes gone) at the end.
class Cgroup {
public:
  Cgroup() {
    std::string mount = cgroup2_mount();
    if (mount.empty())
      return;
    name_ = sc::unique_name("sctrace-live-");
    path_ = mount + "/" + name_;
    if (::mkdir(path_.c_str(), 0755) != 0)
      path_.clear();
  }
  ~Cgroup() {
    if (!path_.empty())
      ::rmdir(path_.c_str());
  }
  bool ok() const { return !path_.empty(); }
  const std::string& name() const { return name_; }
  const std::string& path() const { return path_; }
  bool add(pid_t pid) const {
    std::ofstream procs(path_ + "/cgroup.procs");
    procs << pid << std::flush;
    return static_cast<bool>(procs);
  }

private:
  std::string name_, path_;
};

int child_pid(sc::Child& c) {
  std::string line = c.read_line();
  return line.starts_with("child ") ? std::stoi(line.substr(6)) : -1;
}

// The opens of expect_only_the_group()'s trace: only the group's process
// (PIN) and its child (CHILD_IN), each file once, the heartbeat's marker at
// least once.
void expect_group_opens(const std::vector<nlohmann::json>& events,
                        const TempDir& dir, int pin, int child_in) {
  std::vector<std::pair<std::string, int>> opens; // path, pid
  std::size_t markers = 0, in_flight = 0;
  for (const auto& e : events) {
    ASSERT_EQ(e["syscall"], "openat") << e;
    int pid = e["pid"];
    EXPECT_TRUE(pid == pin || pid == child_in) << "outside the group: " << e;
    EXPECT_EQ(e["tid"], pid);
    // The heartbeat open in flight when the trace was armed returns
    // without its arguments: at most one.
    if (e.contains("unfinished") && e["unfinished"] == "started_before_trace") {
      EXPECT_EQ(pid, pin) << e;
      EXPECT_EQ(++in_flight, 1u) << e;
      continue;
    }
    ASSERT_TRUE(e["args"]["filename"].is_string()) << e;
    std::string path = e["args"]["filename"];
    EXPECT_GE(e["return_value"].get<int>(), 0) << e;
    if (path == dir.file("marker-in"))
      ++markers;
    else
      opens.emplace_back(path, pid);
  }
  EXPECT_GE(markers, 1u);
  // Events from different CPUs are not ordered across CPUs: compare sorted.
  std::sort(opens.begin(), opens.end());
  std::vector<std::pair<std::string, int>> expected = {
      {dir.file("a"), pin},
      {dir.file("b"), child_in},
      {dir.file("c"), pin},
  };
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(opens, expected);
}

// Traces TARGET (--container NAME or --cgroup PATH) with -e trace=openat
// while a process in the group and one outside open files.
void expect_only_the_group(
    const std::function<std::vector<std::string>(const Cgroup&)>& target) {
  Cgroup cg;
  if (!cg.ok())
    GTEST_SKIP() << "SKIP: cannot create a cgroup v2 group (no cgroup2 "
                    "mount, or not writable)";
  TempDir dir;
  for (const char* f :
       {"marker-in", "a", "b", "c", "marker-out", "d", "e", "f"})
    std::ofstream(dir.file(f)) << f;
  sc::Child in({workload_bin(), "cg_opener", dir.file("marker-in"),
                dir.file("a"), dir.file("b"), dir.file("c")});
  ASSERT_TRUE(cg.add(in.pid()))
      << "cannot move " << in.pid() << " into " << cg.path();
  sc::Child outside({workload_bin(), "cg_opener", dir.file("marker-out"),
                     dir.file("d"), dir.file("e"), dir.file("f")});
  std::string out = dir.file("events.jsonl");
  auto trace = sc::sctrace_async(
      sc::concat(target(cg), {"-e", "trace=openat", "-d", "3", "--format",
                              "jsonl", "-o", out}));
  const int pin = in.pid();
  // A whole heartbeat: the open in flight at the start does not show that
  // the entry probe is attached.
  ASSERT_TRUE(sc::wait_for_event(out, [pin](const nlohmann::json& e) {
    return e["pid"] == pin && e.value("unfinished", nlohmann::json()).is_null();
  })) << "no heartbeat from the process in the group";
  ASSERT_TRUE(in.send("go"));
  ASSERT_TRUE(outside.send("go"));
  const int child_in = child_pid(in);
  const int child_out = child_pid(outside);
  EXPECT_GT(child_in, 0);
  EXPECT_GT(child_out, 0);
  EXPECT_EQ(in.wait(), 0);
  EXPECT_EQ(outside.wait(), 0);
  auto r = trace.get();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));

  expect_group_opens(o.events, dir, pin, child_in);
}

TEST(LiveSyscallsTargets, container_by_name_traces_its_group_only) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  expect_only_the_group([](const Cgroup& cg) {
    return std::vector<std::string>{"--container", cg.name()};
  });
}

// --target WORD finds the container by its name (before trying a process
// name: the group's name is longer than a comm can be).
TEST(LiveSyscallsTargets, target_word_that_names_a_container_traces_it) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  expect_only_the_group([](const Cgroup& cg) {
    return std::vector<std::string>{"--target=" + cg.name()};
  });
}

TEST(LiveSyscallsTargets, cgroup_by_path_traces_its_group_only) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  expect_only_the_group([](const Cgroup& cg) {
    return std::vector<std::string>{"--cgroup", cg.path()};
  });
}

} // namespace
} // namespace sctrace::live
