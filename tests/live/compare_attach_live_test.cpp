// `sctrace compare` on running processes (-p, --comm, --duration): strace
// and sctrace attached to the same workload for the same window must see
// the same calls, and strace must slow an unpaced workload more.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>

#include "live_util.h"
#include "run/process.h"

namespace sctrace::live {
namespace {

#define REQUIRE_STRACE()                                                       \
  do {                                                                         \
    SCTRACE_REQUIRE_LIVE();                                                    \
    if (!have_command("strace"))                                               \
      SCTRACE_SKIP_MISSING("strace is not installed (apt-get install "         \
                           "strace)");                                         \
  } while (0)

// The workload, running until the test ends.
struct Running {
  explicit Running(const std::vector<std::string>& argv) {
    run::SpawnOptions o;
    o.argv = argv;
    o.stdin_file = o.stdout_file = o.stderr_file = "/dev/null";
    o.death_signal = SIGKILL;
    auto p = run::Process::spawn(o);
    if (p.ok() && p->release().ok())
      process.emplace(std::move(*p));
  }
  int pid() const { return process ? process->pid() : -1; }
  std::optional<run::Process> process; // killed and reaped when destroyed
};

nlohmann::json compare_json(const std::vector<std::string>& args, int& code,
                            std::string& err) {
  RunResult r = sctrace(args, 280);
  code = r.exit_code;
  err = r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
  return j.is_discarded() ? nlohmann::json::object() : j;
}

std::map<std::string, nlohmann::json> windows(const nlohmann::json& j) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& w : j["windows"])
    out[w["window"].get<std::string>()] = w;
  return out;
}

std::string counts(const nlohmann::json& j) {
  std::string out;
  for (const auto& p : j["per_syscall"])
    out += "\n  " + p["syscall"].get<std::string>() + ": strace " +
           p["strace"].dump() + ", sctrace " + p["sctrace"].dump();
  for (const auto& e : j["examples"])
    out += "\n  " + e["detail"].get<std::string>() + " / " +
           e["strace"].get<std::string>();
  return out;
}

TEST(LiveCompareAttached, both_tracers_see_the_same_calls_of_a_running_pid) {
  REQUIRE_STRACE();
  // 1000 reads a second, an openat, a poll and a futex once a second, and
  // a clock_nanosleep each millisecond: rates a tracer cannot slow.
  Running w({workload_bin(), "paced_reads", "1000", "240"});
  ASSERT_GT(w.pid(), 0);
  int code = -1;
  std::string err;
  auto j = compare_json({"compare", "-q", "--format", "json", "-p",
                         std::to_string(w.pid()), "--duration", "2"},
                        code, err);
  ASSERT_TRUE(j.contains("verdict")) << err;
  EXPECT_EQ(j["target"], "pid " + std::to_string(w.pid()));
  EXPECT_EQ(j["pids"], nlohmann::json::array({w.pid()}));
  EXPECT_TRUE(j["command"].is_null());
  std::map<std::string, std::pair<int, int>> per;
  for (const auto& p : j["per_syscall"])
    per[p["syscall"]] = {p["strace"].get<int>(), p["sctrace"].get<int>()};
  // About 2 s of the loop: 1000 reads a second.
  EXPECT_GE(per["read"].first, 1500) << counts(j);
  EXPECT_LE(per["read"].first, 4000) << counts(j);
  for (const char* name : {"read", "clock_nanosleep", "openat", "poll"})
    EXPECT_EQ(per[name].first, per[name].second) << name << counts(j);
  EXPECT_EQ(j["return_mismatches"], 0) << counts(j);
  EXPECT_EQ(j["sctrace"]["events_dropped"], 0);
  EXPECT_EQ(j["unpaired_calls"]["strace"], 0) << counts(j);
  EXPECT_EQ(j["verdict"], "match") << counts(j);
  EXPECT_EQ(code, 0) << err;
  // Four windows; the untraced one read about 1000 times a second.
  auto ws = windows(j);
  ASSERT_EQ(ws.size(), 4u) << j["windows"];
  double untraced = ws["untraced"]["rw_calls_per_second"].get<double>();
  EXPECT_GT(untraced, 700) << j["windows"];
  EXPECT_LT(untraced, 1300) << j["windows"];
  EXPECT_NEAR(ws["both"]["seconds"].get<double>(), 2.0, 0.5);
  ASSERT_TRUE(j["features"]["strace_only"].is_array());
}

TEST(LiveCompareAttached, strace_slows_an_unpaced_loop_more_than_sctrace) {
  REQUIRE_STRACE();
  // As many 1-byte reads as the CPU allows (a rate no CPU here reaches),
  // traced for reads only, so the accuracy window stays small.
  Running w({workload_bin(), "paced_reads", "50000000", "240"});
  ASSERT_GT(w.pid(), 0);
  int code = -1;
  std::string err;
  auto j = compare_json({"compare", "-q", "--format", "json", "-p",
                         std::to_string(w.pid()), "--duration", "1",
                         "--syscalls", "openat"},
                        code, err);
  ASSERT_TRUE(j.contains("windows")) << err;
  auto ws = windows(j);
  ASSERT_TRUE(ws["strace"]["slowdown"].is_number()) << j["windows"];
  ASSERT_TRUE(ws["sctrace"]["slowdown"].is_number()) << j["windows"];
  double strace = ws["strace"]["slowdown"].get<double>();
  double sctrace = ws["sctrace"]["slowdown"].get<double>();
  // strace stops the thread twice per call even for calls it does not
  // print (no seccomp-bpf with -p); sctrace's filter runs in the kernel.
  EXPECT_GT(strace, 2.0) << j["windows"];
  EXPECT_LT(sctrace, strace) << j["windows"];
}

TEST(LiveCompareAttached, comm_resolves_and_bad_requests_are_refused) {
  REQUIRE_STRACE();
  RunResult r = sctrace({"compare", "-q", "-p", std::to_string(::getpid())});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--duration"), std::string::npos) << r.err;
  r = sctrace({"compare", "-q", "--comm", "sctrace-nosuch", "--duration", "1"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("no running process matches comm 'sctrace-nosuch'"),
            std::string::npos)
      << r.err;
  r = sctrace({"compare", "-q", "-p", "1", "--duration", "1", "--", "true"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("not both"), std::string::npos) << r.err;
  // --comm, as a glob, finds the running workload, under a name no other
  // process has.
  TempDir dir;
  std::string name = "sct-cmp-" + std::to_string(::getpid() % 100000);
  std::filesystem::copy_file(workload_bin(), dir.file(name));
  std::filesystem::permissions(dir.file(name),
                               std::filesystem::perms::owner_all);
  Running w({dir.file(name), "paced_reads", "200", "240"});
  int code = -1;
  std::string err;
  auto j = compare_json({"compare", "-q", "--format", "json", "--comm",
                         name.substr(0, name.size() - 1) + "?", "--duration",
                         "1", "--syscalls", "read"},
                        code, err);
  ASSERT_TRUE(j.contains("pids")) << err;
  EXPECT_EQ(j["pids"], nlohmann::json::array({w.pid()}));
  EXPECT_EQ(j["verdict"], "match") << counts(j);
}

} // namespace
} // namespace sctrace::live
