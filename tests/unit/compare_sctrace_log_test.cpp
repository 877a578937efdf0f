#include "modes/compare/sctrace_log.h"

#include <gtest/gtest.h>

namespace sctrace::compare {
namespace {

using Kind = SctraceArg::Kind;

constexpr const char* kOpen =
    R"({"timestamp":"2026-11-22T04:01:00.250000000Z","pid":77,"tid":78,)"
    R"("comm":"cat","syscall":"openat","nr":257,"args":{"dfd":"AT_FDCWD",)"
    R"("filename":"/nonexistent","flags":"O_RDONLY","mode":0},)"
    R"("return_value":-2,"duration_ns":999,"duration_us":0,)"
    R"("error":{"errno":2,"name":"ENOENT","message":"No such file or )"
    R"(directory"},"unfinished":null})";

TEST(SctraceLog, parses_an_event_with_args_in_order) {
  auto log = parse_sctrace_jsonl(std::string(kOpen) + "\n");
  ASSERT_TRUE(log.ok()) << log.error().message;
  ASSERT_EQ(log->calls.size(), 1u);
  EXPECT_FALSE(log->has_summary);
  const auto& c = log->calls[0];
  EXPECT_EQ(c.pid, 77u);
  EXPECT_EQ(c.tid, 78u);
  EXPECT_EQ(c.line, 1u);
  EXPECT_EQ(c.syscall, "openat");
  EXPECT_EQ(c.time_ns, 1795320060250000000);
  ASSERT_EQ(c.args.size(), 4u);
  EXPECT_EQ(c.args[0].name, "dfd");
  EXPECT_EQ(c.args[1].name, "filename");
  EXPECT_EQ(c.args[1].kind, Kind::String);
  EXPECT_EQ(c.args[1].text, "/nonexistent");
  EXPECT_EQ(c.args[2].name, "flags");
  EXPECT_EQ(c.args[3].name, "mode");
  EXPECT_EQ(c.args[3].kind, Kind::Int);
  EXPECT_EQ(c.args[3].text, "0");
  EXPECT_EQ(c.return_value, -2);
  EXPECT_EQ(c.error_name, "ENOENT");
  EXPECT_EQ(c.unfinished, "");
  EXPECT_EQ(c.json, kOpen);
}

TEST(SctraceLog, parses_sockaddrs_nulls_extraction_errors_and_unfinished) {
  auto log = parse_sctrace_jsonl(
      R"({"timestamp":"2026-11-22T04:01:00.000000000Z","pid":1,"tid":1,)"
      R"("comm":"c","syscall":"connect","nr":42,"args":{"fd":3,)"
      R"("uservaddr":{"family":"AF_INET6","address":"::1","port":22},)"
      R"("addrlen":28},"return_value":0,"duration_ns":1,"duration_us":0,)"
      R"("error":null,"unfinished":null})"
      "\n"
      R"({"timestamp":"2026-11-22T04:01:00.000000001Z","pid":1,"tid":1,)"
      R"("comm":"c","syscall":"openat","nr":257,"args":{"dfd":"AT_FDCWD",)"
      R"("filename":null,"flags":"O_RDONLY","extraction_errors":)"
      R"(["filename_read_failed"]},"return_value":-14,"duration_ns":1,)"
      R"("duration_us":0,"error":{"errno":14,"name":"EFAULT","message":"x"},)"
      R"("unfinished":null})"
      "\n"
      R"({"timestamp":"2026-11-22T04:01:01.5Z","pid":1,"tid":1,"comm":"c",)"
      R"("syscall":"exit_group","nr":231,"args":{"error_code":0},)"
      R"("return_value":null,"duration_ns":null,"duration_us":null,)"
      R"("error":null,"unfinished":"never_returned"})"
      "\n");
  ASSERT_TRUE(log.ok()) << log.error().message;
  ASSERT_EQ(log->calls.size(), 3u);
  const auto& sa = log->calls[0].args[1];
  EXPECT_EQ(sa.kind, Kind::Sockaddr);
  EXPECT_EQ(sa.family, "AF_INET6");
  EXPECT_EQ(sa.address, "::1");
  EXPECT_EQ(sa.port, 22);
  const auto& open = log->calls[1];
  EXPECT_EQ(open.args[1].kind, Kind::Null);
  EXPECT_EQ(open.extraction_errors,
            (std::vector<std::string>{"filename_read_failed"}));
  EXPECT_EQ(open.args.size(), 3u);
  const auto& exit = log->calls[2];
  EXPECT_FALSE(exit.return_value);
  EXPECT_EQ(exit.unfinished, "never_returned");
  EXPECT_EQ(exit.time_ns, 1795320061500000000);
}

TEST(SctraceLog, reads_the_summary) {
  auto log = parse_sctrace_jsonl(
      R"({"summary":{"total_events":4,"duration_seconds":1.5,)"
      R"("unfinished_calls":2,"per_syscall":[],"stop_reason":)"
      R"("command_exited","command_exit_code":3,"tool_stats":)"
      R"({"events_captured":4,"events_dropped":7,"lost_reported":1}}})"
      "\n");
  ASSERT_TRUE(log.ok());
  EXPECT_TRUE(log->has_summary);
  EXPECT_EQ(log->summary.total_events, 4u);
  EXPECT_EQ(log->summary.unfinished_calls, 2u);
  EXPECT_EQ(log->summary.events_dropped, 7u);
  EXPECT_EQ(log->summary.lost_reported, 1u);
  EXPECT_EQ(log->summary.command_exit_code, 3);
  EXPECT_EQ(log->summary.stop_reason, "command_exited");
}

TEST(SctraceLog, inexact_loss_reads_the_lower_bound_not_the_null) {
  auto log = parse_sctrace_jsonl(
      R"({"summary":{"total_events":4,"tool_stats":{"events_captured":4,)"
      R"("events_dropped":null,"events_dropped_at_least":385883,)"
      R"("loss_exact":false}}})"
      "\n");
  ASSERT_TRUE(log.ok()) << log.error().message;
  EXPECT_EQ(log->summary.events_dropped, 385883u);
  EXPECT_FALSE(log->summary.loss_exact);
}

TEST(SctraceLog, names_the_bad_line) {
  auto log = parse_sctrace_jsonl(std::string(kOpen) + "\n{not json\n");
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.error().kind, ErrorKind::Invalid);
  EXPECT_NE(log.error().message.find("line 2"), std::string::npos);
  log = parse_sctrace_jsonl(R"({"pid":1})");
  ASSERT_FALSE(log.ok());
  EXPECT_NE(log.error().message.find("line 1"), std::string::npos);
}

TEST(SctraceLog, parses_timestamps) {
  EXPECT_EQ(parse_timestamp_ns("1970-01-01T00:00:01.000000001Z"), 1000000001);
  EXPECT_EQ(parse_timestamp_ns("1970-01-01T00:00:01Z"), 1000000000);
  EXPECT_FALSE(parse_timestamp_ns("1970-01-01 00:00:01Z"));
  EXPECT_FALSE(parse_timestamp_ns("1970-01-01T00:00:01"));
  EXPECT_FALSE(parse_timestamp_ns("yesterday"));
}

// Issue 12 (fuzz target sctrace_log): 9999-12-31 overflowed int64
// nanoseconds, and float pids and counts were converted out of range.
TEST(SctraceLog, times_and_numbers_out_of_range_are_refused) {
  EXPECT_FALSE(parse_timestamp_ns("9999-12-31T23:59:59.999999999Z"));
  EXPECT_FALSE(parse_timestamp_ns("1600-01-01T00:00:00Z"));
  EXPECT_EQ(parse_timestamp_ns("2262-04-11T23:47:15Z"), 9223372035000000000);
  EXPECT_FALSE(parse_timestamp_ns("2262-04-11T23:47:16Z"));
  auto pid = parse_sctrace_jsonl(R"({"pid":1e20,"tid":1,)"
                                 R"("timestamp":"2026-11-22T04:01:00Z",)"
                                 R"("syscall":"close"})");
  ASSERT_FALSE(pid.ok());
  EXPECT_NE(pid.error().message.find("line 1"), std::string::npos);
  EXPECT_NE(pid.error().message.find("pid is not an integer"),
            std::string::npos)
      << pid.error().message;
  auto sum = parse_sctrace_jsonl(R"({"summary":{"total_events":1e30}})");
  ASSERT_TRUE(sum.ok()) << sum.error().message;
  EXPECT_EQ(sum->summary.total_events, 0u);
}

TEST(SctraceLogRecorded, fork_pair_has_three_processes_and_a_summary) {
  auto log = read_sctrace_jsonl(std::string(SCTRACE_TEST_DATA) +
                                "/compare/fork_pair.jsonl");
  ASSERT_TRUE(log.ok()) << log.error().message;
  EXPECT_TRUE(log->has_summary);
  EXPECT_EQ(log->calls.size(), log->summary.total_events);
  EXPECT_EQ(log->summary.events_dropped, 0u);
  std::size_t before = 0;
  for (const auto& c : log->calls)
    before += c.unfinished == "started_before_trace";
  EXPECT_EQ(before, 2u); // the two children's returns from clone/vfork
}

} // namespace
} // namespace sctrace::compare
