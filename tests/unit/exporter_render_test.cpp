// render_metrics (exporter/render.h): the exact text of a small snapshot,
// the fixed le bounds, cumulative buckets, errno names, by_comm, the
// quantile window and determinism.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "exporter/render.h"
#include "exporter_snapshots.h"

namespace sctrace::exporter {
namespace {

using test::add_calls;

std::vector<std::string> lines_with(const std::string& text,
                                    const std::string& part) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find(part) != std::string::npos)
      out.push_back(line);
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(ExporterRender, SmallSnapshotExactText) {
  RenderOptions o;
  o.quantiles = {1, 0.5};
  o.scrape_duration_seconds = 0.25;
  const std::string expected =
      read_file(std::string(SCTRACE_TEST_DATA) + "/exporter/small.prom");
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(render_metrics(test::small_snapshot(), o), expected);
}

TEST(ExporterRender, ACallOf1000NsIsInLe1023NsAndEveryBiggerLe) {
  monitor::Snapshot s;
  add_calls(s.total["read"], 1000, 1);
  const std::string text = render_metrics(s, {});
  const auto buckets = lines_with(text, "syscall_duration_seconds_bucket");
  ASSERT_EQ(buckets.size(), 28u); // 27 finite bounds and +Inf
  EXPECT_EQ(buckets[1],
            "syscall_duration_seconds_bucket{le=\"5.11e-07\",syscall=\"read\"}"
            " 0");
  EXPECT_EQ(buckets[2], "syscall_duration_seconds_bucket{le=\"1.023e-06\","
                        "syscall=\"read\"} 1");
  for (std::size_t i = 2; i < buckets.size(); ++i)
    EXPECT_EQ(buckets[i].substr(buckets[i].size() - 2), " 1") << buckets[i];
  EXPECT_EQ(text.find("le=\"1.024e-06\""), std::string::npos);
}

TEST(ExporterRender, BoundsAreTwoToTheKMinusOneNanoseconds) {
  monitor::Snapshot s;
  add_calls(s.total["x"], 1, 1);
  const auto buckets =
      lines_with(render_metrics(s, {}), "syscall_duration_seconds_bucket");
  ASSERT_EQ(buckets.size(), 28u);
  EXPECT_NE(buckets.front().find("le=\"2.55e-07\""), std::string::npos);
  EXPECT_NE(buckets[26].find("le=\"17.179869183\""), std::string::npos);
  EXPECT_NE(buckets[27].find("le=\"+Inf\""), std::string::npos);
}

TEST(ExporterRender, BucketsAreCumulativeAndCountIsTheInfBucket) {
  monitor::Snapshot s;
  auto& c = s.total["read"];
  add_calls(c, 0, 4);              // index 0: folded into the first le
  add_calls(c, 200, 1);            // index 8: le 255 ns
  add_calls(c, 300, 2);            // index 9: le 511 ns
  add_calls(c, 20'000'000'000, 3); // index 35: past 17 s, only +Inf
  const std::string text = render_metrics(s, {});
  const auto buckets = lines_with(text, "syscall_duration_seconds_bucket");
  ASSERT_EQ(buckets.size(), 28u);
  EXPECT_EQ(buckets[0].back(), '5');
  EXPECT_EQ(buckets[1].back(), '7');
  EXPECT_EQ(buckets[26].back(), '7');
  EXPECT_EQ(buckets[27].back(), '0'); // 10
  EXPECT_EQ(buckets[27].substr(buckets[27].size() - 3), " 10");
  EXPECT_EQ(lines_with(text, "syscall_duration_seconds_count")[0],
            "syscall_duration_seconds_count{syscall=\"read\"} 10");
  // _sum is the real sum: 200 + 600 + 60e9 ns.
  EXPECT_EQ(lines_with(text, "syscall_duration_seconds_sum")[0],
            "syscall_duration_seconds_sum{syscall=\"read\"} 60.0000008");
}

TEST(ExporterRender, ErrnosAreNamedAndSortedUnnamedOnesAreNumbers) {
  monitor::Snapshot s;
  auto& c = s.total["openat"];
  add_calls(c, 100, 10);
  c.errnos = {{2, 3}, {13, 1}, {41, 2}};
  const auto rows = lines_with(render_metrics(s, {}), "syscall_errors_total{");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], "syscall_errors_total{errno=\"41\",syscall=\"openat\"} 2");
  EXPECT_EQ(rows[1],
            "syscall_errors_total{errno=\"EACCES\",syscall=\"openat\"} 1");
  EXPECT_EQ(rows[2],
            "syscall_errors_total{errno=\"ENOENT\",syscall=\"openat\"} 3");
}

TEST(ExporterRender, ByCommOnlyWhenPresentAndEscaped) {
  monitor::Snapshot s;
  add_calls(s.total["read"], 100, 1);
  EXPECT_EQ(render_metrics(s, {}).find("syscall_calls_by_comm_total"),
            std::string::npos);
  s.by_comm["a\"b\\c\nd"] = {{"read", 1}};
  s.by_comm["other"] = {{"read", 5}};
  const auto rows =
      lines_with(render_metrics(s, {}), "syscall_calls_by_comm_total{");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], "syscall_calls_by_comm_total{comm=\"a\\\"b\\\\c\\nd\","
                     "syscall=\"read\"} 1");
  EXPECT_EQ(rows[1],
            "syscall_calls_by_comm_total{comm=\"other\",syscall=\"read\"} 5");
}

TEST(ExporterRender, QuantilesCoverOnlyTheWindow) {
  monitor::Snapshot base;
  base.seq = 1;
  add_calls(base.total["read"], 1'000'000, 100); // 1 ms, before the window
  monitor::Snapshot now = base;
  now.seq = 2;
  add_calls(now.total["read"], 1000, 10); // 1 us, in the window
  RenderOptions o;
  o.quantiles = {1};
  EXPECT_EQ(lines_with(render_metrics(now, o), "quantile=")[0],
            "syscall_duration_quantile_seconds{quantile=\"1\","
            "syscall=\"read\"} 0.001048575");
  o.window_base = &base;
  EXPECT_EQ(lines_with(render_metrics(now, o), "quantile=")[0],
            "syscall_duration_quantile_seconds{quantile=\"1\","
            "syscall=\"read\"} 1.023e-06");
  // No call in the window: no quantile series.
  o.window_base = &now;
  EXPECT_TRUE(lines_with(render_metrics(now, o), "quantile=").empty());
}

TEST(ExporterRender, EmptySnapshotHasEveryFamilyButByComm) {
  const std::string text = render_metrics(monitor::Snapshot{}, {});
  for (const char* family :
       {"syscall_total", "syscall_errors_total", "syscall_duration_seconds",
        "syscall_duration_quantile_seconds", "syscall_slow_total",
        "sctrace_events_dropped_total", "sctrace_map_full_total",
        "sctrace_slow_dropped_total", "sctrace_bpftrace_restarts_total",
        "sctrace_bpftrace_up", "sctrace_scrape_duration_seconds"}) {
    EXPECT_NE(text.find(std::string("# HELP ") + family + " "),
              std::string::npos)
        << family;
    EXPECT_NE(text.find(std::string("# TYPE ") + family + " "),
              std::string::npos)
        << family;
  }
  EXPECT_NE(text.find("sctrace_bpftrace_up 0\n"), std::string::npos);
}

TEST(ExporterRender, IsDeterministicAndSorted) {
  const monitor::Snapshot s = test::rich_snapshot();
  const std::string a = render_metrics(s, {}), b = render_metrics(s, {});
  EXPECT_EQ(a, b);
  const auto rows = lines_with(a, "syscall_total{");
  std::vector<std::string> sorted = rows;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(rows, sorted);
  EXPECT_EQ(rows.size(), s.total.size());
}

} // namespace
} // namespace sctrace::exporter
