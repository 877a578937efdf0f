// The `sctrace top` model on synthetic snapshots: sorting, selection,
// pause, zoom, search and the filters' retarget requests.
#include "top/model.h"

#include <gtest/gtest.h>

#include "top_fixtures.h"

namespace sctrace::top {
namespace {

using test::Calls;
using test::Series;

std::vector<std::string> names(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  for (const Row& r : rows)
    out.push_back(r.name);
  return out;
}

// read: most calls; futex: slowest; write: most total time; openat: most
// errors.
std::map<std::string, Calls> workload() {
  return {{"read", {1000, 0, 1000}},
          {"write", {500, 0, 10000}},
          {"futex", {10, 0, 1000000}},
          {"openat", {50, 40, 2000}}};
}

class TopModel : public ::testing::Test {
protected:
  Model model{ModelOptions{}};
  Series series;
};

TEST_F(TopModel, SortsByEachKey) {
  model.push(series.next(workload()));
  EXPECT_EQ(names(model.rows()),
            (std::vector<std::string>{"read", "write", "openat", "futex"}));
  model.handle(Command::SortCycle);
  EXPECT_EQ(model.state().sort, SortKey::Latency);
  EXPECT_EQ(model.rows().front().name, "futex");
  model.handle(Command::SortCycle);
  EXPECT_EQ(model.state().sort, SortKey::TotalTime);
  // futex 10 ms in all, write 5 ms, read 1 ms.
  EXPECT_EQ(names(model.rows()),
            (std::vector<std::string>{"futex", "write", "read", "openat"}));
  model.handle(Command::SortNext);
  EXPECT_EQ(model.state().sort, SortKey::Errors);
  EXPECT_EQ(model.rows().front().name, "openat");
  model.handle(Command::SortNext);
  EXPECT_EQ(model.state().sort, SortKey::Rate);
  model.handle(Command::SortPrev);
  EXPECT_EQ(model.state().sort, SortKey::Errors);
}

TEST_F(TopModel, RatesAreCallsPerSecond) {
  Series half(0.5);
  model.push(half.next({{"read", {100, 10, 1000}}}));
  Row r = model.rows().front();
  EXPECT_DOUBLE_EQ(r.rate, 200);
  EXPECT_DOUBLE_EQ(r.error_rate, 20);
  EXPECT_DOUBLE_EQ(r.avg_ns, 1000);
  // 100 calls of 1 us in 0.5 s: 0.2 ms per second, 0.02% of a CPU.
  EXPECT_NEAR(r.time_percent, 0.02, 1e-9);
}

TEST_F(TopModel, SelectionIsKeptByNameAcrossRefreshes) {
  model.push(series.next(workload()));
  model.handle(Command::Down); // read -> write
  EXPECT_EQ(model.state().selected, "write");
  // write becomes the busiest: it moves to the top, still selected.
  auto next = workload();
  next["write"].calls = 5000;
  model.push(series.next(next));
  EXPECT_EQ(model.rows().front().name, "write");
  EXPECT_EQ(model.state().selected, "write");
  model.handle(Command::Down);
  EXPECT_EQ(model.state().selected, "read");
  model.handle(Command::End);
  EXPECT_EQ(model.state().selected, "futex");
  model.handle(Command::Down); // stays at the end
  EXPECT_EQ(model.state().selected, "futex");
  model.handle(Command::Home);
  EXPECT_EQ(model.state().selected, "write");
}

TEST_F(TopModel, SelectionKeptWhenTheSyscallIsIdle) {
  model.push(series.next(workload()));
  model.handle(Command::End);
  EXPECT_EQ(model.state().selected, "futex");
  model.push(series.next({{"read", {10, 0, 1000}}}));
  // futex had no call this interval but is still a row (from the totals).
  EXPECT_TRUE(find_row(model.rows(), "futex").has_value());
  EXPECT_EQ(model.state().selected, "futex");
}

TEST_F(TopModel, HistogramFollowsTheSelection) {
  model.push(series.next(workload()));
  std::string read_frame = model.frame(80, 24).text();
  EXPECT_NE(read_frame.find("latency of read"), std::string::npos);
  EXPECT_NE(read_frame.find("512ns-1us"), std::string::npos); // 1000 ns
  model.handle(Command::End); // futex: 1 ms calls
  std::string futex_frame = model.frame(80, 24).text();
  EXPECT_NE(futex_frame.find("latency of futex"), std::string::npos);
  EXPECT_NE(futex_frame.find("512us-1ms"), std::string::npos);
  EXPECT_EQ(futex_frame.find("512ns-1us"), std::string::npos);
}

TEST_F(TopModel, PauseFreezesTheNumbers) {
  model.push(series.next({{"read", {100, 0, 1000}}}));
  model.handle(Command::Pause);
  std::string frozen = model.frame(80, 24).text();
  model.push(series.next({{"read", {700, 0, 1000}}}));
  EXPECT_DOUBLE_EQ(model.rows().front().rate, 100);
  EXPECT_EQ(model.state().arrived_while_paused, 1u);
  std::string paused = model.frame(80, 24).text();
  EXPECT_NE(paused.find("PAUSED (1 new)"), std::string::npos);
  EXPECT_NE(paused.find(" 100 "), std::string::npos);
  EXPECT_EQ(paused.find(" 700 "), std::string::npos);
  model.handle(Command::Pause);
  EXPECT_DOUBLE_EQ(model.rows().front().rate, 700);
}

TEST_F(TopModel, ZoomAveragesOverMoreIntervals) {
  for (int i = 0; i < 4; ++i)
    model.push(series.next({{"read", {100, 0, 1000}}}));
  model.push(series.next({{"read", {600, 0, 1000}}}));
  EXPECT_EQ(model.zoom_intervals(), 1u);
  EXPECT_DOUBLE_EQ(model.rows().front().rate, 600);
  model.handle(Command::Zoom);
  EXPECT_EQ(model.zoom_intervals(), 5u);
  EXPECT_DOUBLE_EQ(model.rows().front().rate, 200); // 1000 calls / 5 s
  EXPECT_EQ(model.window().intervals_used, 5u);
  model.handle(Command::Zoom); // 30: only 5 there
  EXPECT_DOUBLE_EQ(model.rows().front().rate, 200);
  model.handle(Command::Zoom);
  model.handle(Command::Zoom);
  EXPECT_EQ(model.zoom_intervals(), 1u);
}

TEST_F(TopModel, SearchSelectsBySubstring) {
  model.push(series.next(workload()));
  Action a = model.handle(Command::Search);
  EXPECT_EQ(a.kind, Action::Kind::Prompt);
  EXPECT_EQ(a.prompt, PromptKind::Search);
  model.submit(PromptKind::Search, "tex");
  EXPECT_EQ(model.state().selected, "futex");
  model.submit(PromptKind::Search, "nosuch");
  EXPECT_EQ(model.state().selected, "futex");
  EXPECT_NE(model.state().status.find("nosuch"), std::string::npos);
}

TEST_F(TopModel, PidFilterAsksForARetargetAndFiltersSlowCalls) {
  model.push(
      series.next(workload(), {test::slow_call(42, "db", "read", 20000000),
                               test::slow_call(7, "web", "write", 30000000)}));
  Action ask = model.handle(Command::FilterPid);
  EXPECT_EQ(ask.kind, Action::Kind::Prompt);
  Action a = model.submit(PromptKind::Pid, "42");
  ASSERT_EQ(a.kind, Action::Kind::Retarget);
  EXPECT_EQ(a.filter.pid, 42);
  EXPECT_TRUE(a.filter.comm.empty());
  ASSERT_EQ(model.slow_rows().size(), 1u);
  EXPECT_EQ(model.slow_rows()[0].comm, "db");
  EXPECT_NE(model.frame(80, 24).text().find("pid 42"), std::string::npos);
  // The front end restarted the monitor: the old counts go.
  model.reset_data();
  EXPECT_TRUE(model.rows().empty());
  // Same filter again: nothing to do. Empty answer: back to the target.
  EXPECT_EQ(model.submit(PromptKind::Pid, "42").kind, Action::Kind::None);
  Action clear = model.submit(PromptKind::Pid, "");
  ASSERT_EQ(clear.kind, Action::Kind::Retarget);
  EXPECT_TRUE(clear.filter.empty());
}

TEST_F(TopModel, CommFilterReplacesAPidFilter) {
  model.submit(PromptKind::Pid, "42");
  Action a = model.submit(PromptKind::Comm, "nginx");
  ASSERT_EQ(a.kind, Action::Kind::Retarget);
  EXPECT_FALSE(a.filter.pid);
  EXPECT_EQ(a.filter.comm, "nginx");
}

TEST_F(TopModel, BadFiltersChangeNothing) {
  EXPECT_EQ(model.submit(PromptKind::Pid, "abc").kind, Action::Kind::None);
  EXPECT_EQ(model.submit(PromptKind::Pid, "-3").kind, Action::Kind::None);
  EXPECT_FALSE(model.state().status.empty());
  EXPECT_EQ(model.submit(PromptKind::Comm, "a-comm-of-16-byt").kind,
            Action::Kind::None);
  EXPECT_TRUE(model.state().filter.empty());
}

TEST_F(TopModel, FailedRetargetRestoresTheFilter) {
  model.submit(PromptKind::Comm, "nginx");
  model.submit(PromptKind::Pid, "99999");
  model.retarget_failed("no process 99999");
  EXPECT_EQ(model.state().filter.comm, "nginx");
  EXPECT_EQ(model.state().status, "no process 99999");
}

TEST_F(TopModel, HelpAndQuit) {
  model.handle(Command::Help);
  EXPECT_TRUE(model.state().help);
  EXPECT_NE(model.frame(80, 24).text().find("restarts the monitor"),
            std::string::npos);
  model.handle(Command::Down); // any key closes the help
  EXPECT_FALSE(model.state().help);
  EXPECT_EQ(model.handle(Command::Quit).kind, Action::Kind::Quit);
}

TEST_F(TopModel, HistoryIsBounded) {
  Model small(ModelOptions{.history = 3});
  for (int i = 0; i < 10; ++i)
    small.push(series.next({{"read", {1, 0, 1000}}}));
  small.handle(Command::Zoom); // 5 intervals asked, 3 kept
  EXPECT_EQ(small.window().intervals_used, 3u);
}

} // namespace
} // namespace sctrace::top
