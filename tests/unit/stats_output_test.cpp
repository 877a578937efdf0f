// The count/latency writers: every format parses, text has thousands
// separators and bcc-style histograms, JSON carries raw buckets, and no
// comm can break CSV or JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "stats/output.h"

namespace sctrace::stats {
namespace {

Report sample_report(bool latency) {
  Snapshot d;
  SyscallStats read;
  read.count = 1234567;
  read.errors = 3;
  if (latency) {
    read.buckets = {1234000, 0, 567};
    read.total_ns = 5'000'000;
    read.min_ns = 300;
    read.max_ns = 3'500;
  }
  d.syscalls[0] = read;
  d.processes[{42, "we,ird\"\n", 0}] = SyscallStats{7, 1, 0, 0, 0, {}};
  if (latency)
    d.processes.clear();
  Report r = make_report(d, 10.0, {});
  r.index = 1;
  r.start_ns = 1'700'000'000'000'000'000ULL;
  r.end_ns = r.start_ns + 10'000'000'000ULL;
  return r;
}

std::string write(std::string_view format, gen::StatsKind kind,
                  StatsTextOptions text = {}) {
  std::ostringstream out;
  auto w = make_stats_writer(format, kind, text, out);
  EXPECT_TRUE(w.ok());
  bool latency = kind == gen::StatsKind::Latency;
  (*w)->interval(sample_report(latency));
  Report total = sample_report(latency);
  total.index = 0;
  (*w)->total(total);
  StatsSummary s;
  s.total_calls = 1234567;
  s.tool_stats.map_keys = 4096;
  (*w)->finish(s);
  return out.str();
}

TEST(StatsOutput, separators_and_human_durations) {
  EXPECT_EQ(with_separators(0), "0");
  EXPECT_EQ(with_separators(999), "999");
  EXPECT_EQ(with_separators(1000), "1,000");
  EXPECT_EQ(with_separators(1234567), "1,234,567");
  EXPECT_EQ(human_duration(512), "512ns");
  EXPECT_EQ(human_duration(1250), "1.25us");
  EXPECT_EQ(human_duration(45'200'000), "45.2ms");
  EXPECT_EQ(human_duration(150'000'000), "150ms");
  EXPECT_EQ(human_duration(2'000'000'000), "2.00s");
}

TEST(StatsOutput, count_text_table) {
  std::string t = write("text", gen::StatsKind::Count);
  EXPECT_NE(t.find("1,234,567"), std::string::npos) << t;
  EXPECT_NE(t.find("123,457"), std::string::npos) << t; // rate per second
  EXPECT_NE(t.find("interval 1, 10.00 s"), std::string::npos) << t;
  EXPECT_NE(t.find("Total: 10.00 s"), std::string::npos) << t;
}

TEST(StatsOutput, per_process_text_escapes_the_comm) {
  StatsTextOptions o;
  o.per_process = true;
  std::string t = write("text", gen::StatsKind::Count, o);
  EXPECT_NE(t.find("we,ird\\\"\\n"), std::string::npos) << t;
  EXPECT_EQ(t.find("ird\"\n"), std::string::npos) << t;
  EXPECT_NE(t.find("read 100%"), std::string::npos) << t;
}

TEST(StatsOutput, json_document_and_jsonl_lines_parse) {
  auto doc = nlohmann::json::parse(write("json", gen::StatsKind::Count));
  EXPECT_EQ(doc["type"], "syscall_count");
  ASSERT_EQ(doc["intervals"].size(), 1u);
  EXPECT_EQ(doc["intervals"][0]["interval"], 1);
  EXPECT_TRUE(doc["total"]["interval"].is_null());
  EXPECT_EQ(doc["total"]["syscalls"][0]["count"], 1234567);
  EXPECT_EQ(doc["total"]["processes"][0]["comm"], "we,ird\"\n");
  EXPECT_EQ(doc["summary"]["tool_stats"]["map_keys"], 4096);
  EXPECT_EQ(doc["intervals"][0]["start"], "2023-11-14T22:13:20.000000000Z");

  std::istringstream in(write("jsonl", gen::StatsKind::Count));
  std::vector<std::string> types;
  for (std::string l; std::getline(in, l);)
    types.push_back(nlohmann::json::parse(l)["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"interval", "total", "summary"}));
}

TEST(StatsOutput, latency_json_carries_every_bucket_with_bounds) {
  auto doc = nlohmann::json::parse(write("json", gen::StatsKind::Latency));
  EXPECT_EQ(doc["type"], "syscall_latency");
  const auto& row = doc["total"]["syscalls"][0];
  EXPECT_EQ(row["total_ns"], 5'000'000);
  EXPECT_EQ(row["min_ns"], 300);
  ASSERT_EQ(row["histogram"].size(), 3u);
  EXPECT_EQ(row["histogram"][0]["low_ns"], 0);
  EXPECT_EQ(row["histogram"][0]["high_ns"], 1000);
  EXPECT_EQ(row["histogram"][2]["low_ns"], 2000);
  EXPECT_EQ(row["histogram"][2]["high_ns"], 4000);
  EXPECT_EQ(row["histogram"][2]["count"], 567);
  EXPECT_FALSE(doc["total"].contains("processes"));
}

TEST(StatsOutput, latency_text_histogram) {
  std::string t = write("text", gen::StatsKind::Latency);
  // The first bucket has the most calls: a full bar.
  EXPECT_NE(t.find("0 -> 1        : 1234000   "
                   "|****************************************|"),
            std::string::npos)
      << t;
  // 567 of 1234000 still shows one star: never hidden.
  EXPECT_NE(t.find("2 -> 4        : 567       |*      "), std::string::npos)
      << t;
}

TEST(StatsOutput, histogram_gathers_over_a_second) {
  SyscallStats s;
  s.buckets.assign(23, 0);
  s.buckets[20] = 2; // [524288, 1048576) us
  s.buckets[21] = 1; // above: >1s
  s.buckets[22] = 1;
  std::string t;
  append_histogram_text(t, s);
  EXPECT_NE(t.find("524288 -> 1048576  : 2 "), std::string::npos) << t;
  EXPECT_NE(t.find(">1s : 2 "), std::string::npos) << t;
}

TEST(StatsOutput, csv_quotes_what_needs_it) {
  std::string t = write("csv", gen::StatsKind::Count);
  std::istringstream in(t);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, "scope,interval,start,end,seconds,pid,comm,syscall,nr,"
                    "count,rate,errors");
  EXPECT_NE(t.find(",42,\"we,ird\\\"\"\\n\",read,0,7,"), std::string::npos)
      << t;
  // No raw newline inside a field: one line per row.
  std::size_t lines = 0;
  for (char c : t)
    lines += c == '\n';
  EXPECT_EQ(lines, 5u); // header, 2 x (syscall row + process row)
}

TEST(StatsOutput, unknown_format_is_refused) {
  std::ostringstream out;
  auto w = make_stats_writer("xml", gen::StatsKind::Count, {}, out);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().message.find("text, json, jsonl or csv"),
            std::string::npos);
}

} // namespace
} // namespace sctrace::stats
