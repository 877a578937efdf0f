// Monitor options: each refusal before anything runs, and what valid ones
// become (the program's interval, thresholds with the 10 ms default).
#include <gtest/gtest.h>

#include <unistd.h>

#include "modes/monitor/options.h"

namespace sctrace::monitor {
namespace {

MonitorOptions valid() {
  MonitorOptions o;
  o.target.pids = {::getpid()};
  return o;
}

TEST(MonitorOptions, defaults_give_a_10ms_threshold_for_all) {
  auto p = program_options(valid());
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->interval_ms, 1000u);
  EXPECT_EQ(p->default_threshold_ns, kDefaultThresholdNs);
  EXPECT_TRUE(p->thresholds.empty());
}

TEST(MonitorOptions, per_syscall_thresholds_alone_watch_only_those) {
  MonitorOptions o = valid();
  o.thresholds.by_syscall = {{0, 5}};
  auto p = program_options(o);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->default_threshold_ns);
  ASSERT_EQ(p->thresholds.size(), 1u);
}

TEST(MonitorOptions, refusals_say_what_to_do) {
  MonitorOptions o = valid();
  o.interval_seconds = 0.05;
  EXPECT_FALSE(program_options(o).ok());
  o.interval_seconds = 61;
  EXPECT_FALSE(program_options(o).ok());
  o = valid();
  o.target.all = true; // two targets
  auto two = program_options(o);
  ASSERT_FALSE(two.ok());
  EXPECT_FALSE(two.error().message.empty());
  o = valid();
  o.selection = "nosuchsyscall";
  EXPECT_FALSE(program_options(o).ok());
  o = valid();
  o.thresholds.by_syscall = {{12345, 1}};
  EXPECT_FALSE(program_options(o).ok());
  o = valid();
  o.by_comm = true;
  o.top_comms = 0;
  EXPECT_FALSE(program_options(o).ok());
  o = valid();
  o.max_restarts = -1;
  EXPECT_FALSE(program_options(o).ok());
  MonitorOptions none;
  EXPECT_FALSE(program_options(none).ok());
}

} // namespace
} // namespace sctrace::monitor
