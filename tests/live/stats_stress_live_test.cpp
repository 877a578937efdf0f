// `sctrace count` and `latency`, run many times at once under CPU load:
// every run must give the workload's known calls exactly (issue 12, case
// 6: bpftrace 0.23 once cut END's events short, and the exit dump that
// followed doubled counts and lost latency totals).
#include <atomic>
#include <thread>

#include "stats_live_util.h"

namespace sctrace::live {
namespace {

// Two threads spinning until destroyed: the machine's two CPUs stay busy.
class CpuLoad {
public:
  CpuLoad() {
    for (int i = 0; i < 2; ++i)
      threads_.emplace_back([this] {
        volatile std::uint64_t n = 0;
        while (!stop_.load(std::memory_order_relaxed))
          n = n + 1;
      });
  }
  ~CpuLoad() {
    stop_ = true;
    for (auto& t : threads_)
      t.join();
  }

private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

struct StressRun {
  std::string tool;
  std::vector<std::string> args;
  std::uint64_t calls = 0; // getppid calls the workload makes
};

// Checks one run's document against the workload's `calls` getppids.
void expect_exact(const StressRun& run, const nlohmann::json& doc, int round) {
  const std::string what = run.tool + " " +
                           (run.args.empty() ? "" : run.args[0] + " ") +
                           "round " + std::to_string(round);
  ASSERT_TRUE(doc.contains("total") && doc["total"].is_object()) << what << doc;
  auto row = st::row_of(doc["total"], "getppid");
  ASSERT_FALSE(row.is_null()) << what << doc["total"];
  EXPECT_EQ(row["count"], run.calls) << what << row;
  EXPECT_EQ(row["errors"], 0) << what << row;
  EXPECT_EQ(doc["total"]["total_calls"], run.calls) << what;
  if (run.tool == "latency") {
    // Every call took some time: a total of 0 is a lost map.
    EXPECT_GT(row["total_ns"].get<std::uint64_t>(), 0u) << what << row;
    EXPECT_LE(row["min_ns"], row["max_ns"]) << what << row;
  }
  EXPECT_EQ(doc["summary"]["tool_stats"]["bad_keys"], 0) << what;
  if (run.args.empty())
    return;
  std::uint64_t in_intervals = 0; // -i: the intervals add up to the total
  for (const auto& interval : doc.at("intervals")) {
    auto r = st::row_of(interval, "getppid");
    in_intervals += r.is_null() ? 0 : r["count"].get<std::uint64_t>();
  }
  EXPECT_EQ(in_intervals, run.calls) << what << doc["intervals"];
}

TEST(LiveStatsStress, count_and_latency_are_exact_every_run_under_cpu_load) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  const std::vector<StressRun> runs = {
      {"count", {}, 777},
      {"latency", {}, 555},
      {"count", {"-i", "0.05"}, 999},
      {"latency", {"-i", "0.05"}, 333},
  };
  const int rounds = 5;
  CpuLoad load;
  for (int round = 0; round < rounds; ++round) {
    std::vector<nlohmann::json> docs(runs.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < runs.size(); ++i)
      threads.emplace_back([&, i] {
        auto args = sc::concat(runs[i].args, {"--syscalls", "getppid"});
        docs[i] = st::stats_json(
            runs[i].tool, args,
            {workload_bin(), "burst", std::to_string(runs[i].calls)});
      });
    for (auto& t : threads)
      t.join();
    for (std::size_t i = 0; i < runs.size(); ++i)
      expect_exact(runs[i], docs[i], round);
  }
}

} // namespace
} // namespace sctrace::live
