// TraceManager: stopping a running job, the hard maximum duration, the
// TTL, the destructor, failures and exceptions, unknown ids, ids.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "manager_fakes.h"

namespace sctrace::manager {
namespace {

using namespace test;
using Clock = std::chrono::steady_clock;

TEST(ManagerLifecycle, StopDrainsARunningJob) {
  TraceManager m;
  Job job = until_stop_job(2, nullptr, 200ms);
  job.request = {{"syscalls", {"openat"}}};
  auto id = m.start(std::move(job)).value();
  ASSERT_TRUE(eventually([&] { return m.get(id)->attached; }));
  auto t0 = Clock::now();
  ASSERT_TRUE(m.stop(id).ok());
  EXPECT_LT(Clock::now() - t0, 100ms);           // returns at once
  EXPECT_EQ(m.get(id)->status, Status::Running); // still draining
  auto info = m.wait(id, 5s);
  EXPECT_EQ(info->status, Status::Stopped);
  EXPECT_EQ(info->mode, "syscalls");
  EXPECT_EQ(info->request, nlohmann::json({{"syscalls", {"openat"}}}));
  EXPECT_EQ(info->summary, nlohmann::json({{"stopped", true}}));
  EXPECT_EQ(info->records, 2u);
  EXPECT_FALSE(info->error.has_value());
  EXPECT_TRUE(info->warnings.empty());
  ASSERT_TRUE(info->started && info->ended);
  EXPECT_LE(info->created, *info->started);
  EXPECT_GE(*info->ended - *info->started, 0.19);
}

TEST(ManagerLifecycle, WaitTimesOutOnARunningJob) {
  TraceManager m;
  auto id = m.start(until_stop_job()).value();
  auto info = m.wait(id, 50ms);
  EXPECT_EQ(info->status, Status::Running);
  EXPECT_FALSE(info->ended.has_value());
  EXPECT_TRUE(info->summary.is_null());
  ASSERT_TRUE(m.stop(id).ok());
}

TEST(ManagerLifecycle, MaxDurationStopsWithAWarning) {
  Limits l;
  l.max_duration_seconds = 0.2;
  TraceManager m(l);
  auto t0 = Clock::now();
  auto id = m.start(until_stop_job(1)).value();
  auto info = m.wait(id, 5s);
  EXPECT_GE(Clock::now() - t0, 190ms);
  EXPECT_EQ(info->status, Status::Stopped);
  EXPECT_EQ(info->warnings, (std::vector<std::string>{
                                "stopped at the maximum duration of 0.2 s"}));
  EXPECT_FALSE(info->error.has_value());
}

TEST(ManagerLifecycle, AJobWithinMaxDurationHasNoWarning) {
  Limits l;
  l.max_duration_seconds = 0.2;
  TraceManager m(l);
  auto id = m.start(emit_job(1)).value();
  auto info = m.wait(id, 5s);
  EXPECT_EQ(info->status, Status::Completed);
  EXPECT_TRUE(info->warnings.empty());
  std::this_thread::sleep_for(300ms); // past its deadline: still completed
  EXPECT_EQ(m.get(id)->status, Status::Completed);
}

TEST(ManagerLifecycle, FinishedJobsAreFreedAfterTheTtl) {
  Limits l;
  l.ttl_seconds = 0.2;
  TraceManager m(l);
  auto id = m.start(emit_job(1)).value();
  auto info = m.wait(id, 5s);
  ASSERT_EQ(info->status, Status::Completed);
  EXPECT_TRUE(m.get(id).ok());
  ASSERT_TRUE(eventually([&] { return !m.get(id).ok(); }));
  std::chrono::duration<double> now =
      std::chrono::system_clock::now().time_since_epoch();
  EXPECT_GE(now.count() - *info->ended, 0.19);
  auto gone = m.get(id);
  EXPECT_EQ(gone.error().kind, ErrorKind::NotFound);
  EXPECT_EQ(gone.error().message,
            "no trace '" + id +
                "': it never existed or finished more than 0.2 s ago and "
                "was freed; check the id, or start the trace again");
  EXPECT_FALSE(m.records(id, 0, 10).ok());
}

TEST(ManagerLifecycle, RunningJobsAreNotFreed) {
  Limits l;
  l.ttl_seconds = 0.05;
  TraceManager m(l);
  auto id = m.start(until_stop_job()).value();
  std::this_thread::sleep_for(200ms);
  EXPECT_TRUE(m.get(id).ok());
  ASSERT_TRUE(m.stop(id).ok());
}

TEST(ManagerLifecycle, DestructorStopsRunningJobs) {
  auto saw_stop = std::make_shared<std::atomic<bool>>(false);
  auto runs = std::make_shared<std::atomic<int>>(0);
  {
    Limits l;
    l.max_running = 1;
    TraceManager m(l);
    Job first = until_stop_job(0, saw_stop, 50ms);
    auto run = std::move(first.run);
    first.run = [=](JobSink& sink, const volatile std::sig_atomic_t* stop) {
      ++*runs;
      return run(sink, stop);
    };
    Job second = first; // queued: never runs
    auto id = m.start(std::move(first)).value();
    ASSERT_TRUE(m.start(std::move(second)).ok());
    ASSERT_TRUE(eventually([&] { return m.get(id)->attached; }));
  }
  EXPECT_TRUE(*saw_stop);
  EXPECT_EQ(*runs, 1);
}

TEST(ManagerLifecycle, AnExceptionFailsTheJob) {
  TraceManager m;
  auto id = m.start(throwing_job()).value();
  auto info = m.wait(id, 5s);
  EXPECT_EQ(info->status, Status::Failed);
  ASSERT_TRUE(info->error.has_value());
  EXPECT_EQ(info->error->kind, ErrorKind::System);
  EXPECT_THAT(
      info->error->message,
      testing::StartsWith("the trace stopped on an internal error: boom;"));
  EXPECT_EQ(info->records, 1u);
  EXPECT_EQ(m.records(id, 0, 10)->records.size(), 1u);
}

TEST(ManagerLifecycle, AnEmptyRunFailsTheJob) {
  TraceManager m;
  Job job;
  job.mode = "trace";
  auto info = m.wait(m.start(std::move(job)).value(), 5s);
  EXPECT_EQ(info->status, Status::Failed);
  EXPECT_EQ(info->error->kind, ErrorKind::System);
}

TEST(ManagerLifecycle, AnErrorFailsTheJobAndKeepsItsPartialResult) {
  TraceManager m;
  auto info = m.wait(m.start(failing_job()).value(), 5s);
  EXPECT_EQ(info->status, Status::Failed);
  EXPECT_EQ(info->mode, "latency");
  EXPECT_EQ(info->error->kind, ErrorKind::Child);
  EXPECT_EQ(info->error->message, "bpftrace died");
  EXPECT_EQ(info->summary, nlohmann::json({{"partial", true}}));
  EXPECT_EQ(info->warnings, (std::vector<std::string>{"lost 3 events"}));
  EXPECT_EQ(info->records, 1u);
}

TEST(ManagerLifecycle, UnknownIdsAreNotFound) {
  TraceManager m;
  const std::string id = "t-0123456789abcdef";
  auto got = m.get(id);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().kind, ErrorKind::NotFound);
  EXPECT_EQ(got.error().message,
            "no trace 't-0123456789abcdef': it never existed or finished "
            "more than 600 s ago and was freed; check the id, or start the "
            "trace again");
  EXPECT_EQ(m.records(id, 0, 1).error().kind, ErrorKind::NotFound);
  EXPECT_EQ(m.wait_records(id, 0, 1, 10ms).error().kind, ErrorKind::NotFound);
  EXPECT_EQ(m.stop(id).error().kind, ErrorKind::NotFound);
  EXPECT_EQ(m.wait(id, 10ms).error().kind, ErrorKind::NotFound);
}

TEST(ManagerLifecycle, IdsAreRandomHexAndDistinct) {
  Limits l;
  l.max_queued = 100;
  TraceManager m(l);
  std::set<std::string> ids;
  const std::regex shape("t-[0-9a-f]{16}");
  for (int i = 0; i < 50; ++i) {
    auto id = m.start(emit_job(0)).value();
    EXPECT_TRUE(std::regex_match(id, shape)) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 50u);
}

TEST(ManagerLifecycle, LimitsAndStatusNames) {
  TraceManager m;
  EXPECT_EQ(m.limits().max_running, default_max_running());
  EXPECT_GE(default_max_running(), 2u);
  EXPECT_LE(default_max_running(), 32u);
  EXPECT_EQ(m.limits().max_queued, 16u);
  Limits l;
  l.max_running = 7;
  EXPECT_EQ(TraceManager(l).limits().max_running, 7u);
  EXPECT_STREQ(status_name(Status::Queued), "queued");
  EXPECT_STREQ(status_name(Status::Running), "running");
  EXPECT_STREQ(status_name(Status::Completed), "completed");
  EXPECT_STREQ(status_name(Status::Failed), "failed");
  EXPECT_STREQ(status_name(Status::Stopped), "stopped");
}

} // namespace
} // namespace sctrace::manager
