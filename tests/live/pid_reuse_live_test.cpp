// Issue 12.7: per-process tallies after pid reuse. sctrace_workload's
// pid_reuse mode runs a process that calls getppid kFirst times, then gets
// a second process the same pid (through /proc/sys/kernel/ns_last_pid)
// that calls it kSecond times. Keyed by pid alone, both modes merged them
// into one entry of kFirst + kSecond; keyed by (pid, start time) they are
// two entries with exactly their own counts.
#include <algorithm>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "live_util.h"

namespace sctrace::live {
namespace {

using nlohmann::json;

constexpr long kFirst = 300, kSecond = 700;

std::vector<std::string> reuse_command() {
  return {workload_bin(), "pid_reuse", std::to_string(kFirst),
          std::to_string(kSecond)};
}

// The pid the workload reports it handed out twice, or 0.
long reused_pid(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex(R"(pid (\d+) reused after)")))
    return 0;
  return std::stol(m[1]);
}

struct Entry {
  std::uint64_t calls = 0;
  std::string started;
};

// The entries of `pid` in a list of processes, by start time; `calls` is
// the key holding each one's count.
std::vector<Entry> entries_of(const json& processes, long pid,
                              const std::string& calls) {
  std::vector<Entry> out;
  for (const auto& p : processes)
    if (p.at("pid") == pid)
      out.push_back({p.at(calls).get<std::uint64_t>(),
                     p.at("started").is_string()
                         ? p.at("started").get<std::string>()
                         : std::string()});
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
    return a.started < b.started;
  });
  return out;
}

// Two entries: the first process's kFirst calls, then (started later) the
// second's kSecond. RFC 3339 in UTC with nine digits sorts as text.
void expect_two_processes(const std::vector<Entry>& e, const std::string& r) {
  ASSERT_EQ(e.size(), 2u) << r;
  EXPECT_FALSE(e[0].started.empty()) << r;
  EXPECT_LT(e[0].started, e[1].started) << r;
  EXPECT_EQ(e[0].calls, static_cast<std::uint64_t>(kFirst)) << r;
  EXPECT_EQ(e[1].calls, static_cast<std::uint64_t>(kSecond)) << r;
}

// Runs sctrace with args, then `-- ` the pid-reusing workload, writing
// JSON to out; returns the reused pid (0 when the run failed) and the
// document.
std::pair<long, json> run_reusing(std::vector<std::string> args,
                                  const std::string& out) {
  args.push_back("--");
  for (const auto& a : reuse_command())
    args.push_back(a);
  auto r = sctrace(args);
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  const long pid = r.exit_code == 0 ? reused_pid(r.out) : 0;
  EXPECT_GT(pid, 0) << r.out;
  return {pid, pid > 0 ? json::parse(read_file(out)) : json()};
}

TEST(LivePidReuse, trace_top_processes_splits_a_reused_pid) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  const std::string out = dir.file("trace.json");
  auto [pid, doc] =
      run_reusing({"--format", "json", "-o", out, "sys_getppid"}, out);
  ASSERT_GT(pid, 0);
  const json& s = doc.at("summary");
  EXPECT_EQ(s.at("events_dropped"), 0);
  EXPECT_EQ(s.at("total_events"), kFirst + kSecond);
  expect_two_processes(entries_of(s.at("top_processes"), pid, "events"),
                       s.dump());
}

TEST(LivePidReuse, count_per_process_splits_a_reused_pid) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  const std::string out = dir.file("count.json");
  auto [pid, doc] = run_reusing(
      {"count", "-P", "--syscalls", "getppid", "--format", "json", "-o", out},
      out);
  ASSERT_GT(pid, 0);
  const json& total = doc.at("total");
  EXPECT_EQ(total.at("total_calls"), kFirst + kSecond);
  expect_two_processes(entries_of(total.at("processes"), pid, "count"),
                       total.dump());
}

} // namespace
} // namespace sctrace::live
