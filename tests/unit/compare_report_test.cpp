#include "modes/compare/report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sctrace::compare {
namespace {

CompareResult sample() {
  CompareResult r;
  r.command = {"cat", "/etc/host\nname"};
  r.untraced.seconds = 0.5;
  r.untraced.exit_code = 0;
  r.strace.seconds = 1.5;
  r.strace.exit_code = 0;
  r.strace.span_seconds = 1.0;
  r.sctrace.seconds = 2.5;
  r.sctrace.exit_code = 0;
  r.sctrace_summary.events_dropped = 3;
  r.sctrace_summary.unfinished_calls = 1;
  r.sctrace_warnings = {"3 events were dropped"};
  Diff& d = r.diff;
  d.per_syscall = {{"close", 2, 2}, {"openat", 3, 2}};
  d.count_mismatches = 1;
  d.strace_calls = 5;
  d.sctrace_calls = 4;
  d.paired_calls = 4;
  d.unpaired_strace = 1;
  d.strace_threads = d.sctrace_threads = d.paired_threads = 1;
  d.returns_compared = 4;
  d.return_mismatches = 1;
  d.arguments_compared = 9;
  d.argument_mismatches = 1;
  d.by_kind = {{"return", "openat", "", 1}, {"argument", "close", "fd", 1}};
  Disagreement e;
  e.kind = "return";
  e.syscall = "openat";
  e.nth = 1;
  e.strace_tid = 10;
  e.sctrace_tid = 20;
  e.strace = "openat(AT_FDCWD, \"/a\\\"b\", O_RDONLY) = 3";
  e.sctrace_text = "openat(AT_FDCWD, \"/a\\\"b\", O_RDONLY) = 4";
  e.sctrace_json = R"({"syscall":"openat","return_value":4})";
  e.detail = "strace: 3, sctrace: 4";
  d.examples = {e};
  return r;
}

TEST(Report, json_has_the_documented_fields) {
  auto j = nlohmann::json::parse(json_report(sample()));
  EXPECT_EQ(j["command"][1], "/etc/host\nname");
  EXPECT_TRUE(j["syscalls"].is_null());
  EXPECT_DOUBLE_EQ(j["untraced_seconds"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["strace"]["seconds"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(j["strace"]["slowdown"].get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(j["strace"]["added_seconds"].get<double>(), 1.0);
  EXPECT_EQ(j["strace"]["calls"], 5);
  EXPECT_DOUBLE_EQ(j["sctrace"]["slowdown"].get<double>(), 5.0);
  EXPECT_EQ(j["sctrace"]["calls"], 4);
  EXPECT_EQ(j["sctrace"]["events_dropped"], 3);
  EXPECT_EQ(j["sctrace"]["unfinished_calls"], 1);
  EXPECT_TRUE(j["sctrace"]["span_seconds"].is_null());
  EXPECT_EQ(j["sctrace"]["warnings"][0], "3 events were dropped");
  ASSERT_EQ(j["per_syscall"].size(), 2u);
  EXPECT_EQ(j["per_syscall"][1],
            nlohmann::json::parse(R"({"syscall":"openat","strace":3,)"
                                  R"("sctrace":2,"match":false})"));
  EXPECT_EQ(j["paired_calls"], 4);
  EXPECT_EQ(j["return_mismatches"], 1);
  EXPECT_EQ(j["argument_mismatches"], 1);
  EXPECT_EQ(j["disagreements"][1]["argument"], "fd");
  EXPECT_TRUE(j["disagreements"][0]["argument"].is_null());
  const auto& ex = j["examples"][0];
  EXPECT_EQ(ex["strace"], "openat(AT_FDCWD, \"/a\\\"b\", O_RDONLY) = 3");
  EXPECT_EQ(ex["sctrace"]["return_value"], 4); // the event, as an object
  EXPECT_EQ(ex["detail"], "strace: 3, sctrace: 4");
  EXPECT_EQ(j["verdict"], "mismatch");
}

TEST(Report, verdict_ignores_argument_disagreements) {
  CompareResult r = sample();
  r.diff.count_mismatches = 0;
  r.diff.return_mismatches = 0;
  auto j = nlohmann::json::parse(json_report(r));
  EXPECT_EQ(j["verdict"], "match");
  EXPECT_NE(text_report(r).find("\nverdict: match\n"), std::string::npos);
}

TEST(Report, json_is_valid_utf8_whatever_the_bytes) {
  CompareResult r = sample();
  r.command = {"cat", "bad\xff"};
  auto j = nlohmann::json::parse(json_report(r));
  EXPECT_EQ(j["command"][1], "bad\xef\xbf\xbd");
}

TEST(Report, text_is_a_table_with_examples) {
  std::string t = text_report(sample());
  EXPECT_NE(t.find("sctrace compare: cat /etc/host\\x0aname\n"),
            std::string::npos);
  EXPECT_NE(t.find("strace -f               1.500      3.0x      1.000"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("openat                          3        2  <- differs"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("3 events dropped"), std::string::npos);
  EXPECT_NE(t.find("    strace:  openat(AT_FDCWD, \"/a\\\"b\", O_RDONLY) = 3"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("verdict: mismatch (1 syscall counts differ, 1 return "
                   "values differ)"),
            std::string::npos);
}

} // namespace
} // namespace sctrace::compare
