// Writers (src/events/*_writer.cpp): exact output of every format.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "events/trace_py_frames.h"
#include "events/writer.h"

namespace sctrace::events {
namespace {

TraceEvent sample_event() {
  TraceEvent e;
  e.timestamp_ns = 1732246084123456789ULL;
  e.monotonic_ns = 1'623'456'789;
  e.pid = 2548;
  e.tid = 2549;
  e.cpu = 1;
  e.comm = "cat";
  e.function = "openat";
  e.message = "/etc/hostname flags=0";
  e.raw_args = {{"arg2", "/etc/hostname"}, {"arg3", "0"}};
  e.retval = 3;
  return e;
}

TraceEvent hostile_event() {
  TraceEvent e = sample_event();
  e.comm = "ev\",1]\n\xffx";
  e.message = "a,b \"q\"\nnext\xfe";
  e.raw_args = {{"arg2", "a,b \"q\"\nnext\xfe"}};
  e.retval.reset();
  return e;
}

Summary sample_summary() {
  Summary s;
  s.total_events = 2;
  s.duration_seconds = 1.5;
  s.events_per_second = 2 / 1.5;
  s.cpu_seconds = 0.25;
  s.events_dropped = 1;
  s.lost_reported = 2;
  s.helper_errors = 0;
  s.malformed_lines = 0;
  s.drained = true;
  s.top_processes = {{2548, "cat", 2, 1'700'000'000'123'456'789}};
  s.per_function = {{"openat", 2}};
  s.stop_reason = "command_exited";
  s.bpftrace_exit_code = 0;
  s.command_exit_code = 0;
  return s;
}

std::string write_all(OutputFormat format, const std::vector<TraceEvent>& evs,
                      TextOptions options = {}) {
  std::ostringstream out;
  auto writer = make_writer(format, out, options);
  writer->begin();
  for (const TraceEvent& e : evs)
    writer->event(e);
  writer->finish(sample_summary());
  return out.str();
}

TEST(OutputFormat, parses_names) {
  EXPECT_EQ(*parse_output_format("text"), OutputFormat::Text);
  EXPECT_EQ(*parse_output_format("json"), OutputFormat::Json);
  EXPECT_EQ(*parse_output_format("jsonl"), OutputFormat::Jsonl);
  EXPECT_EQ(*parse_output_format("ndjson"), OutputFormat::Jsonl);
  EXPECT_EQ(*parse_output_format("csv"), OutputFormat::Csv);
  auto bad = parse_output_format("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "unknown output format 'xml': expected text, json, jsonl or csv");
  EXPECT_EQ(output_format_name(OutputFormat::Jsonl), "jsonl");
}

TEST(Rfc3339, formats_utc_with_nanoseconds) {
  std::string out;
  append_rfc3339(out, 1732246084123456789ULL);
  EXPECT_EQ(out, "2024-11-22T03:28:04.123456789Z");
  out.clear();
  append_rfc3339(out, 951782400ULL * 1'000'000'000 + 5);
  EXPECT_EQ(out, "2000-02-29T00:00:00.000000005Z");
  out.clear();
  append_rfc3339(out, 0);
  EXPECT_EQ(out, "1970-01-01T00:00:00.000000000Z");
}

TEST(TextWriter, prints_trace_py_columns) {
  EXPECT_EQ(write_all(OutputFormat::Text, {sample_event()}),
            R"(PID     TID     COMM            FUNC             MSG
2548    2549    cat             openat           /etc/hostname flags=0
)");
}

// Issue 16 item 6: trace.py's -A counts identical event texts and prints
// each once, most frequent first, at the end.
TEST(TextWriter, aggregate_counts_identical_events) {
  TextOptions a;
  a.aggregate = true;
  TraceEvent other = sample_event();
  other.message = "/etc/passwd flags=0";
  TraceEvent stacked = sample_event();
  stacked.kernel_stack = {"do_sys_openat2+1"};
  EXPECT_EQ(write_all(OutputFormat::Text,
                      {other, sample_event(), stacked, sample_event(),
                       sample_event(), stacked},
                      a),
            "PID     TID     COMM            FUNC             MSG\n"
            "2548    2549    cat             openat           /etc/hostname "
            "flags=0\n-->COUNT 3\n\n"
            "2548    2549    cat             openat           /etc/hostname "
            "flags=0\n        do_sys_openat2+0x1 [kernel]\n\n-->COUNT 2\n\n"
            "2548    2549    cat             openat           /etc/passwd "
            "flags=0\n-->COUNT 1\n\n");
}

TEST(TextWriter, escapes_so_no_byte_starts_a_line) {
  EXPECT_EQ(write_all(OutputFormat::Text, {hostile_event()}),
            R"(PID     TID     COMM            FUNC             MSG
2548    2549    ev\",1]\n\xffx  openat           a,b \"q\"\nnext\xfe
)");
}

TEST(TextWriter, time_and_cpu_columns) {
  TextOptions t;
  t.timestamp = true;
  t.cpu = true;
  t.start_monotonic_ns = 1'000'000'000;
  TraceEvent late = sample_event();
  late.monotonic_ns += 12'345'000'000'000;
  EXPECT_EQ(write_all(OutputFormat::Text, {sample_event(), late}, t),
            R"(TIME     CPU PID     TID     COMM            FUNC             MSG
0.623457 1   2548    2549    cat             openat           /etc/hostname flags=0
12345.62 1   2548    2549    cat             openat           /etc/hostname flags=0
)");
  TextOptions u;
  u.timestamp = true;
  u.unix_timestamp = true;
  u.header_msg = false;
  EXPECT_EQ(
      write_all(OutputFormat::Text, {sample_event()}, u),
      "TIME              PID     TID     COMM            FUNC             \n"
      "1732246084.123457 2548    2549    cat             openat           "
      "/etc/hostname flags=0\n");
}

TEST(TextWriter, wall_time_is_local_hh_mm_ss) {
  TextOptions t;
  t.wall_time = true;
  std::string out = write_all(OutputFormat::Text, {sample_event()}, t);
  auto second_line = out.substr(out.find('\n') + 1);
  ASSERT_GE(second_line.size(), 9u);
  EXPECT_EQ(second_line[2], ':');
  EXPECT_EQ(second_line[5], ':');
  EXPECT_EQ(second_line.substr(8, 1), " ");
}

// Issue 16.7: frames as trace.py prints them (hex offsets, [module],
// [unknown]), kernel then user, then one blank line per event.
TEST(TextWriter, prints_stacks_as_trace_py_then_one_blank_line) {
  TraceEvent e = sample_event();
  e.kernel_stack = {"do_sys_openat2+27", "0xffffffff81000000"};
  e.user_stack = {"__open64\n+45", "main+4096", "0x7f0000001000"};
  e.user_stack_modules = {"/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/bin/cat",
                          ""};
  EXPECT_EQ(write_all(OutputFormat::Text, {e, sample_event()}),
            R"(PID     TID     COMM            FUNC             MSG
2548    2549    cat             openat           /etc/hostname flags=0
        do_sys_openat2+0x1b [kernel]
        [unknown] [kernel]
        __open64\n+0x2d [libc.so.6]
        main+0x1000 [cat]
        [unknown]

2548    2549    cat             openat           /etc/hostname flags=0
)");
}

// trace.py prints the blank line after every event when -K or -U is on,
// even when no frame came.
TEST(TextWriter, stacks_option_ends_every_event_with_a_blank_line) {
  TextOptions t;
  t.stacks = true;
  EXPECT_EQ(write_all(OutputFormat::Text, {sample_event()}, t),
            "PID     TID     COMM            FUNC             MSG\n"
            "2548    2549    cat             openat           "
            "/etc/hostname flags=0\n\n");
}

// Issue 16.7: -t counts from the trace's start (set_trace_start), as
// trace.py does, not from the first event.
TEST(TextWriter, timestamp_counts_from_the_trace_start) {
  TextOptions t;
  t.timestamp = true;
  std::ostringstream out;
  auto writer = make_writer(OutputFormat::Text, out, t);
  writer->set_trace_start(1'000'000'000);
  writer->begin();
  TraceEvent e = sample_event(); // monotonic 1.623456789 s
  writer->event(e);
  EXPECT_EQ(out.str(),
            "TIME     PID     TID     COMM            FUNC             MSG\n"
            "0.623457 2548    2549    cat             openat           "
            "/etc/hostname flags=0\n");
}

TEST(TraceStyle, symbols_and_frames_as_trace_py_prints_them) {
  EXPECT_EQ(trace_py_symbol("vfs_read+0"), "vfs_read+0x0");
  EXPECT_EQ(trace_py_symbol("vfs_read+255"), "vfs_read+0xff");
  EXPECT_EQ(trace_py_symbol("vfs_read"), "vfs_read");
  EXPECT_EQ(trace_py_symbol("0x7ffd0000"), "[unknown]");
  EXPECT_EQ(trace_py_symbol("operator+"), "operator+");
  EXPECT_EQ(trace_py_frame("f+16", "/lib/x/libz.so.1"), "f+0x10 [libz.so.1]");
  EXPECT_EQ(trace_py_frame("0x10", "/bin/app"), "[unknown] [app]");
  EXPECT_EQ(trace_py_frame("f+1", ""), "f+0x1");
}

// Issue 16.4: a string that could not be read is null in raw_args and
// named in unreadable_args; the summaries count them.
TEST(JsonlWriter, unreadable_strings_are_null_and_listed) {
  TraceEvent e = sample_event();
  e.message = "<unreadable> flags=0";
  e.raw_args = {{"arg2", ""}, {"arg3", "0"}};
  e.unreadable_args = {"arg2"};
  std::string out = write_all(OutputFormat::Jsonl, {e});
  auto j = nlohmann::json::parse(out.substr(0, out.find('\n')));
  EXPECT_TRUE(j["raw_args"]["arg2"].is_null());
  EXPECT_EQ(j["raw_args"]["arg3"], "0");
  EXPECT_EQ(j["unreadable_args"], nlohmann::json::array({"arg2"}));
  EXPECT_EQ(j["message"], "<unreadable> flags=0");
  std::string plain = write_all(OutputFormat::Jsonl, {sample_event()});
  EXPECT_FALSE(nlohmann::json::parse(plain.substr(0, plain.find('\n')))
                   .contains("unreadable_args"));
  Summary s = sample_summary();
  s.unreadable_strings = 3;
  std::string text = format_summary_text(s);
  EXPECT_NE(text.find("helper errors: 0, unreadable strings: 3,"),
            std::string::npos)
      << text;
  std::string js;
  append_summary_json(js, s);
  EXPECT_EQ(nlohmann::json::parse(js)["unreadable_strings"], 3);
}

TEST(JsonlWriter, writes_one_object_per_line_then_the_summary) {
  EXPECT_EQ(
      write_all(OutputFormat::Jsonl, {sample_event()}),
      R"({"timestamp":"2024-11-22T03:28:04.123456789Z","timestamp_ns":1732246084123456789,"pid":2548,"tid":2549,"cpu":1,"comm":"cat","process_name":"cat","function":"openat","message":"/etc/hostname flags=0","raw_args":{"arg2":"/etc/hostname","arg3":"0"},"retval":3}
{"summary":{"total_events":2,"duration_seconds":1.5,"events_per_second":1.3333333333333333,"cpu_seconds":0.25,"events_dropped":1,"events_dropped_at_least":1,"loss_exact":true,"lost_reported":2,"helper_errors":0,"unreadable_strings":0,"malformed_lines":0,"drained":true,"top_processes":[{"pid":2548,"comm":"cat","events":2,"started":"2023-11-14T22:13:20.123456789Z"}],"per_function":{"openat":2},"stop_reason":"command_exited","bpftrace_exit_code":0,"bpftrace_signal":null,"command_exit_code":0}}
)");
}

// Every member an event can have, hostile bytes in each string, in exact
// bytes (as append_event_json wrote them before the writers put events
// into one buffer); then a shorter event after it, through the same
// writer, whose line must not carry anything of the longer one's.
TEST(JsonlWriter, every_member_in_exact_bytes_then_a_shorter_line) {
  TraceEvent e = hostile_event();
  e.function = "do_sys_open\t\x01";
  e.raw_args = {{"arg2", ""}, {"a\"3", "x\\y\xc3\xa9"}, {"arg4", "7"}};
  e.unreadable_args = {"arg2"};
  e.retval = -2;
  e.kernel_stack = {"do_sys_open+5", "k\"q"};
  e.user_stack = {"main+1", "0x7f\n"};
  const std::string want =
      R"({"timestamp":"2024-11-22T03:28:04.123456789Z",)"
      R"("timestamp_ns":1732246084123456789,"pid":2548,"tid":2549,"cpu":1,)"
      R"("comm":"ev\",1]\n)"
      "\xef\xbf\xbd"
      R"(x",)"
      R"("process_name":"ev\",1]\n)"
      "\xef\xbf\xbd"
      R"(x",)"
      R"("function":"do_sys_open\t\u0001",)"
      R"("message":"a,b \"q\"\nnext)"
      "\xef\xbf\xbd"
      R"(",)"
      R"("raw_args":{"arg2":null,"a\"3":"x\\y)"
      "\xc3\xa9"
      R"(","arg4":"7"},)"
      R"("retval":-2,"unreadable_args":["arg2"],)"
      R"("kernel_stack":["do_sys_open+5","k\"q"],)"
      R"("user_stack":["main+1","0x7f\n"]})"
      "\n";
  const std::string plain =
      R"({"timestamp":"2024-11-22T03:28:04.123456789Z","timestamp_ns":1732246084123456789,"pid":2548,"tid":2549,"cpu":1,"comm":"cat","process_name":"cat","function":"openat","message":"/etc/hostname flags=0","raw_args":{"arg2":"/etc/hostname","arg3":"0"},"retval":3})"
      "\n";
  const std::string out = write_all(OutputFormat::Jsonl, {e, sample_event()});
  EXPECT_EQ(out.substr(0, want.size() + plain.size()), want + plain);
  std::string appended = "prefix";
  append_event_json(appended, e);
  EXPECT_EQ(appended, "prefix" + want.substr(0, want.size() - 1));
}

TEST(JsonlWriter, hostile_bytes_stay_valid_json) {
  TraceEvent e = hostile_event();
  e.kernel_stack = {"k+1"};
  std::string out = write_all(OutputFormat::Jsonl, {e});
  std::istringstream lines(out);
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  auto j = nlohmann::json::parse(line); // throws (fails) if invalid
  EXPECT_EQ(j["comm"], "ev\",1]\n\xef\xbf\xbdx");
  EXPECT_EQ(j["process_name"], j["comm"]);
  EXPECT_EQ(j["message"], "a,b \"q\"\nnext\xef\xbf\xbd");
  EXPECT_EQ(j["raw_args"]["arg2"], j["message"]);
  EXPECT_TRUE(j["retval"].is_null());
  EXPECT_EQ(j["kernel_stack"], nlohmann::json::array({"k+1"}));
  EXPECT_FALSE(j.contains("user_stack"));
  ASSERT_TRUE(std::getline(lines, line));
  EXPECT_TRUE(nlohmann::json::parse(line).contains("summary"));
  EXPECT_FALSE(std::getline(lines, line));
}

TEST(JsonWriter, writes_one_parseable_document) {
  std::string out =
      write_all(OutputFormat::Json, {sample_event(), hostile_event()});
  auto j = nlohmann::json::parse(out);
  ASSERT_EQ(j["events"].size(), 2u);
  EXPECT_EQ(j["events"][0]["pid"], 2548);
  EXPECT_EQ(j["events"][0]["timestamp"], "2024-11-22T03:28:04.123456789Z");
  EXPECT_EQ(j["events"][1]["message"], "a,b \"q\"\nnext\xef\xbf\xbd");
  EXPECT_EQ(j["summary"]["total_events"], 2);
  EXPECT_EQ(j["summary"]["events_dropped"], 1);
  EXPECT_TRUE(j["summary"]["bpftrace_signal"].is_null());
  EXPECT_EQ(j["summary"]["top_processes"][0]["comm"], "cat");
}

// bpftrace died before the drain and its exit counts: the loss seen is
// only a lower bound, so events_dropped is null, never a wrong number.
TEST(JsonWriter, inexact_loss_is_null_with_its_lower_bound) {
  Summary s = sample_summary();
  s.events_dropped = 12;
  s.loss_exact = false;
  std::string out;
  append_summary_json(out, s);
  auto j = nlohmann::json::parse(out);
  EXPECT_TRUE(j["events_dropped"].is_null());
  EXPECT_EQ(j["events_dropped_at_least"], 12);
  EXPECT_EQ(j["loss_exact"], false);
  EXPECT_NE(format_summary_text(s).find("Dropped: at least 12 (not exact"),
            std::string::npos)
      << format_summary_text(s);
}

TEST(JsonWriter, empty_trace_is_still_a_document) {
  std::ostringstream out;
  auto writer = make_writer(OutputFormat::Json, out, {});
  writer->finish(Summary{});
  auto j = nlohmann::json::parse(out.str());
  EXPECT_TRUE(j["events"].empty());
  EXPECT_EQ(j["summary"]["stop_reason"], "");
}

TEST(CsvWriter, quotes_like_rfc_4180) {
  EXPECT_EQ(write_all(OutputFormat::Csv, {sample_event(), hostile_event()}),
            "timestamp,pid,tid,comm,function,message,retval,cpu\n"
            "2024-11-22T03:28:04.123456789Z,2548,2549,cat,openat,"
            "/etc/hostname flags=0,3,1\n"
            "2024-11-22T03:28:04.123456789Z,2548,2549,"
            "\"ev\\\"\",1]\\n\\xffx\",openat,"
            "\"a,b \\\"\"q\\\"\"\\nnext\\xfe\",,1\n");
}

// The CSV rule of every mode (output::append_csv_field): no raw control
// byte from a comm or message reaches a file someone may `cat`.
TEST(CsvWriter, escapes_control_bytes_like_every_csv_output) {
  TraceEvent e = sample_event();
  e.comm = "\x1b]0;pwn\x07";
  e.message = "over\rwrite\x7f \xc2\x9b"
              "2J";
  const std::string csv = write_all(OutputFormat::Csv, {e});
  EXPECT_EQ(csv.substr(csv.find('\n') + 1),
            "2024-11-22T03:28:04.123456789Z,2548,2549,\\x1b]0;pwn\\x07,openat,"
            "over\\rwrite\\x7f \\u009b2J,3,1\n");
}

TEST(EventWriter, flushes_each_event_when_asked) {
  std::ostringstream sink;
  // A stream buffer that counts sync() calls.
  struct CountingBuf : std::stringbuf {
    int syncs = 0;
    int sync() override {
      ++syncs;
      return 0;
    }
  } buf;
  std::ostream out(&buf);
  auto writer = make_writer(OutputFormat::Jsonl, out, {});
  writer->event(sample_event());
  EXPECT_EQ(buf.syncs, 0);
  writer->set_flush_each(true);
  writer->event(sample_event());
  EXPECT_EQ(buf.syncs, 1);
  EXPECT_FALSE(writer->failed());
}

TEST(SummaryText, lists_counts_and_top_processes) {
  EXPECT_EQ(format_summary_text(sample_summary()),
            R"(Summary: 2 events in 1.500 s (1.3 events/s)
Dropped: 1 (bpftrace reported lost: 2), helper errors: 0, unreadable strings: 0, malformed lines: 0, drained: yes
Stopped: command_exited, bpftrace exit code 0, command exit code 0
Top processes:
  PID     STARTED(UTC)    COMM            EVENTS
  2548    22:13:20.123456 cat             2
Per function:
  openat           2
)");
}

} // namespace
} // namespace sctrace::events
