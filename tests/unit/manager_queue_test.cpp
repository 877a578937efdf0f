// TraceManager: the FIFO queue, queue positions, refusal when busy,
// stopping a queued job, and many concurrent start() calls.
#include <gtest/gtest.h>

#include <set>

#include "manager_fakes.h"

namespace sctrace::manager {
namespace {

using namespace test;

Limits small(std::size_t running, std::size_t queued) {
  Limits l;
  l.max_running = running;
  l.max_queued = queued;
  return l;
}

std::string started(TraceManager& m, Job job) {
  auto id = m.start(std::move(job));
  EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message);
  return id.ok() ? id.value() : "";
}

TEST(ManagerQueue, RunsQueuedJobsInOrderWithPositions) {
  TraceManager m(small(1, 3));
  auto order = std::make_shared<std::vector<std::string>>();
  auto mu = std::make_shared<std::mutex>();
  std::string a = started(m, until_stop_job());
  std::string b = started(m, logging_job("b", order, mu));
  std::string c = started(m, logging_job("c", order, mu));
  std::string d = started(m, logging_job("d", order, mu));
  EXPECT_EQ(m.get(a)->status, Status::Running);
  EXPECT_EQ(m.get(a)->queue_position, 0u);
  EXPECT_EQ(m.get(b)->status, Status::Queued);
  EXPECT_EQ(m.get(b)->queue_position, 1u);
  EXPECT_EQ(m.get(c)->queue_position, 2u);
  EXPECT_EQ(m.get(d)->queue_position, 3u);
  EXPECT_FALSE(m.get(d)->started.has_value());
  EXPECT_EQ(m.running(), 1u);
  EXPECT_EQ(m.queued(), 3u);

  ASSERT_TRUE(m.stop(a).ok());
  EXPECT_EQ(m.wait(a, 5s)->status, Status::Stopped);
  for (const auto& id : {b, c, d})
    EXPECT_EQ(m.wait(id, 5s)->status, Status::Completed);
  EXPECT_EQ(*order, (std::vector<std::string>{"b", "c", "d"}));
  EXPECT_EQ(m.get(d)->queue_position, 0u);
  EXPECT_EQ(m.running(), 0u);
  EXPECT_EQ(m.queued(), 0u);
}

TEST(ManagerQueue, RefusesBeyondMaxQueuedAndSaysWhy) {
  TraceManager m(small(2, 1));
  std::string a = started(m, until_stop_job());
  std::string b = started(m, until_stop_job());
  std::string c = started(m, until_stop_job());
  auto refused = m.start(until_stop_job());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Unsupported);
  EXPECT_EQ(refused.error().message,
            "busy: 2 traces run and 1 wait, the most this server allows; "
            "retry when one ends (GET /v1/traces/{id}) or raise "
            "--max-sessions");
  EXPECT_EQ(m.queued(), 1u);
  // Once the queue has room again, start() takes the job.
  ASSERT_TRUE(m.stop(c).ok());
  EXPECT_TRUE(m.start(until_stop_job()).ok());
  for (const auto& id : {a, b})
    ASSERT_TRUE(m.stop(id).ok());
}

TEST(ManagerQueue, StoppingAQueuedJobEndsItAtOnce) {
  TraceManager m(small(1, 3));
  auto ran = std::make_shared<std::atomic<bool>>(false);
  std::string a = started(m, until_stop_job());
  Job never;
  never.mode = "trace";
  never.run = [ran](JobSink&, const volatile std::sig_atomic_t*) {
    *ran = true;
    return JobEnd{};
  };
  std::string b = started(m, std::move(never));
  std::string c = started(m, emit_job(1));
  ASSERT_TRUE(m.stop(b).ok());
  auto info = m.get(b); // no wait: it ended in stop()
  EXPECT_EQ(info->status, Status::Stopped);
  EXPECT_EQ(info->queue_position, 0u);
  EXPECT_FALSE(info->started.has_value());
  EXPECT_TRUE(info->ended.has_value());
  EXPECT_EQ(m.get(c)->queue_position, 1u);
  ASSERT_TRUE(m.stop(a).ok());
  EXPECT_EQ(m.wait(c, 5s)->status, Status::Completed);
  EXPECT_FALSE(*ran);
  EXPECT_TRUE(m.stop(b).ok()); // stopping an ended job is no error
  EXPECT_EQ(m.get(b)->status, Status::Stopped);
}

// Emits 3 records, 2 ms apart, counting how many such jobs run at once.
Job counted_job(std::shared_ptr<std::atomic<int>> live,
                std::shared_ptr<std::atomic<int>> peak) {
  Job job = emit_job(3);
  auto emit = std::move(job.run);
  job.run = [=](JobSink& sink, const volatile std::sig_atomic_t* stop) {
    int now = ++*live;
    int seen = peak->load();
    while (now > seen && !peak->compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(2ms);
    JobEnd end = emit(sink, stop);
    --*live;
    return end;
  };
  return job;
}

TEST(ManagerQueue, TwoHundredConcurrentStartsAllComplete) {
  TraceManager m(small(4, 300));
  auto live = std::make_shared<std::atomic<int>>(0);
  auto peak = std::make_shared<std::atomic<int>>(0);
  std::mutex mu;
  std::vector<std::string> ids;
  std::vector<std::thread> threads;
  std::atomic<int> refused = 0;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto id = m.start(counted_job(live, peak));
        if (!id.ok()) {
          ++refused;
          continue;
        }
        std::lock_guard lock(mu);
        ids.push_back(id.value());
      }
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(refused, 0);
  ASSERT_EQ(ids.size(), 200u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 200u);
  for (const auto& id : ids) {
    auto info = m.wait(id, 10s);
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->status, Status::Completed) << id;
    EXPECT_EQ(info->records, 3u);
  }
  EXPECT_EQ(m.running(), 0u);
  EXPECT_EQ(m.queued(), 0u);
  EXPECT_LE(peak->load(), 4);
  EXPECT_GE(peak->load(), 2);
}

} // namespace
} // namespace sctrace::manager
