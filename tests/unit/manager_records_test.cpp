// TraceManager: the record cap and byte bound, paging with cursors, and
// wait_records waking on a record, on the end, or timing out.
#include <gtest/gtest.h>

#include "manager_fakes.h"

namespace sctrace::manager {
namespace {

using namespace test;
using Clock = std::chrono::steady_clock;

std::vector<int> numbers(const Page& page) {
  std::vector<int> out;
  for (const auto& r : page.records)
    out.push_back(r.at("i").get<int>());
  return out;
}

std::string finished(TraceManager& m, Job job) {
  auto id = m.start(std::move(job));
  EXPECT_TRUE(id.ok());
  auto info = m.wait(id.value(), 5s);
  EXPECT_TRUE(info.ok() && info->ended.has_value());
  return id.value();
}

TEST(ManagerRecords, CapKeepsTheFirstAndCountsTheRest) {
  Limits l;
  l.max_records = 5;
  TraceManager m(l);
  std::string id = finished(m, emit_job(8));
  auto info = m.get(id);
  EXPECT_EQ(info->status, Status::Completed);
  EXPECT_EQ(info->records, 8u);
  EXPECT_EQ(info->records_truncated, 3u);
  EXPECT_TRUE(info->truncated);
  EXPECT_EQ(info->summary, nlohmann::json({{"emitted", 8}}));
  ASSERT_EQ(info->warnings.size(), 1u);
  EXPECT_EQ(info->warnings[0].rfind("3 records were not kept: the first 5 "
                                    "reached the per-trace bound of 5 "
                                    "records",
                                    0),
            0u);
  auto page = m.records(id, 0, 100);
  EXPECT_EQ(numbers(*page), (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(page->next_cursor, 5u);
  EXPECT_TRUE(page->done);
}

TEST(ManagerRecords, UnderTheCapNothingIsTruncated) {
  Limits l;
  l.max_records = 5;
  TraceManager m(l);
  auto info = m.get(finished(m, emit_job(5)));
  EXPECT_EQ(info->records, 5u);
  EXPECT_EQ(info->records_truncated, 0u);
  EXPECT_FALSE(info->truncated);
  EXPECT_TRUE(info->warnings.empty());
}

TEST(ManagerRecords, ByteBoundCountsTheJsonText) {
  Limits l;
  l.max_record_bytes = 20; // {"i":0} is 7 bytes: two fit, a third not
  TraceManager m(l);
  std::string id = finished(m, emit_job(5));
  auto info = m.get(id);
  EXPECT_EQ(info->records, 5u);
  EXPECT_EQ(info->records_truncated, 3u);
  EXPECT_TRUE(info->truncated);
  EXPECT_EQ(numbers(*m.records(id, 0, 100)), (std::vector<int>{0, 1}));

  l.max_record_bytes = 21; // exactly three
  TraceManager m3(l);
  std::string id3 = finished(m3, emit_job(5));
  EXPECT_EQ(m3.get(id3)->records_truncated, 2u);
  EXPECT_EQ(m3.records(id3, 0, 100)->records.size(), 3u);
}

// After the first record refused, none is kept, even one that would fit:
// the kept records stay a gapless prefix for the cursors.
TEST(ManagerRecords, ARefusedRecordEndsTheKeptPrefix) {
  Limits l;
  l.max_record_bytes = 20;
  TraceManager m(l);
  Job job;
  job.mode = "trace";
  job.run = [](JobSink& sink, const volatile std::sig_atomic_t*) {
    sink.record(numbered(0));                   // 7 bytes: kept
    sink.record({{"s", std::string(20, 'x')}}); // 28: refused
    sink.record(numbered(2));                   // 7: refused too
    return JobEnd{};
  };
  std::string id = finished(m, std::move(job));
  EXPECT_EQ(m.get(id)->records, 3u);
  EXPECT_EQ(m.get(id)->records_truncated, 2u);
  EXPECT_EQ(numbers(*m.records(id, 0, 100)), (std::vector<int>{0}));
}

TEST(ManagerRecords, PagesFollowTheCursor) {
  TraceManager m;
  std::string id = finished(m, emit_job(10));
  auto p1 = m.records(id, 0, 4);
  EXPECT_EQ(numbers(*p1), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(p1->next_cursor, 4u);
  EXPECT_FALSE(p1->done);
  auto p2 = m.records(id, p1->next_cursor, 4);
  EXPECT_EQ(numbers(*p2), (std::vector<int>{4, 5, 6, 7}));
  EXPECT_EQ(p2->next_cursor, 8u);
  EXPECT_FALSE(p2->done);
  auto p3 = m.records(id, p2->next_cursor, 4);
  EXPECT_EQ(numbers(*p3), (std::vector<int>{8, 9}));
  EXPECT_EQ(p3->next_cursor, 10u);
  EXPECT_TRUE(p3->done);
  auto p4 = m.records(id, 10, 4);
  EXPECT_TRUE(p4->records.empty());
  EXPECT_EQ(p4->next_cursor, 10u);
  EXPECT_TRUE(p4->done);
}

TEST(ManagerRecords, ARunningJobIsNeverDone) {
  TraceManager m;
  auto id = m.start(until_stop_job(3)).value();
  auto page = m.wait_records(id, 0, 100, 5s);
  ASSERT_TRUE(eventually([&] { return m.get(id)->records == 3; }));
  page = m.records(id, 0, 100);
  EXPECT_EQ(numbers(*page), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(page->next_cursor, 3u);
  EXPECT_FALSE(page->done);
  ASSERT_TRUE(m.stop(id).ok());
  ASSERT_EQ(m.wait(id, 5s)->status, Status::Stopped);
  page = m.records(id, 3, 100);
  EXPECT_TRUE(page->records.empty());
  EXPECT_TRUE(page->done);
}

TEST(ManagerRecords, WaitWakesOnANewRecord) {
  TraceManager m;
  auto gate = std::make_shared<Gate>();
  auto id = m.start(gated_job(gate, 1, true)).value();
  std::thread opener([&] {
    std::this_thread::sleep_for(100ms);
    gate->open();
  });
  auto t0 = Clock::now();
  auto page = m.wait_records(id, 0, 10, 5s);
  auto took = Clock::now() - t0;
  opener.join();
  EXPECT_EQ(numbers(*page), (std::vector<int>{0}));
  EXPECT_EQ(page->next_cursor, 1u);
  EXPECT_FALSE(page->done);
  EXPECT_GE(took, 90ms);
  EXPECT_LT(took, 3s);
  ASSERT_TRUE(m.stop(id).ok());
}

TEST(ManagerRecords, WaitWakesOnTheEnd) {
  TraceManager m;
  auto gate = std::make_shared<Gate>();
  auto id = m.start(gated_job(gate, 0, false)).value();
  std::thread opener([&] {
    std::this_thread::sleep_for(100ms);
    gate->open();
  });
  auto t0 = Clock::now();
  auto page = m.wait_records(id, 0, 10, 5s);
  auto took = Clock::now() - t0;
  opener.join();
  EXPECT_TRUE(page->records.empty());
  EXPECT_EQ(page->next_cursor, 0u);
  EXPECT_TRUE(page->done);
  EXPECT_GE(took, 90ms);
  EXPECT_LT(took, 3s);
  EXPECT_EQ(m.get(id)->status, Status::Completed);
}

TEST(ManagerRecords, WaitTimesOut) {
  TraceManager m;
  auto id = m.start(until_stop_job(2)).value();
  ASSERT_TRUE(eventually([&] { return m.get(id)->records == 2; }));
  auto t0 = Clock::now();
  auto page = m.wait_records(id, 2, 10, 150ms);
  auto took = Clock::now() - t0;
  EXPECT_TRUE(page->records.empty());
  EXPECT_EQ(page->next_cursor, 2u);
  EXPECT_FALSE(page->done);
  EXPECT_GE(took, 140ms);
  EXPECT_LT(took, 3s);
  // Records before the cursor are returned at once.
  t0 = Clock::now();
  page = m.wait_records(id, 1, 10, 5s);
  EXPECT_LT(Clock::now() - t0, 1s);
  EXPECT_EQ(numbers(*page), (std::vector<int>{1}));
  ASSERT_TRUE(m.stop(id).ok());
}

} // namespace
} // namespace sctrace::manager
