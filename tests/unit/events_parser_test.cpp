// OutputParser (src/events/bpftrace_parser.cpp) on hand-written lines.
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <random>
#include <sstream>

#include "events/writer.h"
#include "events_parser_test.h"

namespace sctrace::events {
namespace {

using testing::CollectSink;
using testing::make_parser;
using testing::openat_layout;

TEST(OutputParser, decodes_a_tuple_into_an_event) {
  auto parser = make_parser(openat_layout(), 1'000'000'000);
  CollectSink sink;
  parser.feed(
      R"({"type": "value", "data": [0,1,277010152685,2548,2549,1,"cat","/etc/ld.so.cache",524288]})",
      sink);
  ASSERT_EQ(sink.events.size(), 1u);
  const TraceEvent& e = sink.events[0];
  EXPECT_EQ(e.probe, 0);
  EXPECT_EQ(e.monotonic_ns, 277010152685u);
  EXPECT_EQ(e.timestamp_ns, 278010152685u);
  EXPECT_EQ(e.pid, 2548u);
  EXPECT_EQ(e.tid, 2549u);
  EXPECT_EQ(e.cpu, 1u);
  EXPECT_EQ(e.comm, "cat");
  EXPECT_EQ(e.function, "openat");
  EXPECT_EQ(e.message, "/etc/ld.so.cache flags=80000");
  ASSERT_EQ(e.raw_args.size(), 2u);
  EXPECT_EQ(e.raw_args[0], (std::pair<std::string, std::string>{
                               "args->filename", "/etc/ld.so.cache"}));
  EXPECT_EQ(e.raw_args[1],
            (std::pair<std::string, std::string>{"args->flags", "524288"}));
  EXPECT_FALSE(e.retval.has_value());
  EXPECT_EQ(parser.stats().events, 1u);
  EXPECT_EQ(parser.dropped(), 0u);
}

// Issue 12.7: a probe's start_index slot (gen/layout.h) holds the process
// start time; it is moved to the wall clock like NSECS. 0 stays 0 (not
// recorded), and a probe without the slot reports 0.
TEST(OutputParser, reads_the_process_start_time_from_its_slot) {
  gen::ProgramLayout layout = openat_layout();
  layout.probes[1].values.push_back({gen::ValueKind::Int, "process_start"});
  layout.probes[1].start_index = 1;
  auto parser = make_parser(layout, 1'000'000'000);
  CollectSink sink;
  parser.feed(R"({"type": "value", "data": [1,1,900,10,10,0,"cat",-2,700]})",
              sink);
  parser.feed(R"({"type": "value", "data": [1,2,901,10,10,0,"cat",-2,0]})",
              sink);
  parser.feed(R"({"type": "value", "data": [0,3,902,10,10,0,"cat","f",1]})",
              sink);
  ASSERT_EQ(sink.events.size(), 3u);
  EXPECT_EQ(sink.events[0].process_start_ns, 1'000'000'700u);
  EXPECT_EQ(sink.events[0].retval, -2);
  EXPECT_EQ(sink.events[0].message, "ret -2"); // not a format argument
  EXPECT_TRUE(sink.events[0].raw_args.size() == 1);
  EXPECT_EQ(sink.events[1].process_start_ns, 0u);
  EXPECT_EQ(sink.events[2].process_start_ns, 0u);
}

TEST(OutputParser, a_start_slot_that_is_not_an_integer_is_refused) {
  gen::ProgramLayout layout = openat_layout();
  layout.probes[0].start_index = 0; // the filename string
  auto parser = OutputParser::create(layout, 0);
  ASSERT_FALSE(parser.ok());
  EXPECT_NE(parser.error().message.find("start_index"), std::string::npos);
  layout.probes[0].start_index = 9; // no such slot
  EXPECT_FALSE(OutputParser::create(layout, 0).ok());
}

TEST(OutputParser, tuple_without_bpftrace_spacing_parses_the_same) {
  auto parser = make_parser();
  CollectSink sink;
  parser.feed(R"({"type": "value", "data": [1,1,5,10,10,0,"cat",-2]})", sink);
  parser.feed(R"( { "type":"value" ,"data" : [ 1 , 2,5,10,10,0,"cat",-2 ] } )",
              sink);
  ASSERT_EQ(sink.events.size(), 2u);
  EXPECT_EQ(sink.events[1].message, sink.events[0].message);
  EXPECT_EQ(sink.events[1].retval, -2);
  EXPECT_EQ(parser.stats().malformed_lines, 0u);
}

// Integers right before ',' or ']' take the parser's inline reader; with
// a space before them, JsonCursor::read_integer. Both give the same event
// (or both refuse the line) for every edge of the integer syntax.
TEST(OutputParser, compact_and_spaced_integers_parse_the_same) {
  const char* values[] = {"0",
                          "7",
                          "007",
                          "1234567890123456789",
                          "9999999999999999999",
                          "18446744073709551615",
                          "18446744073709551616",
                          "-1",
                          "-9223372036854775808",
                          "-",
                          "1.5",
                          "1e3",
                          "12x",
                          "+1",
                          "\"1\""};
  for (const char* v : values) {
    auto compact = make_parser();
    auto spaced = make_parser();
    CollectSink a, b;
    const std::string head =
        R"({"type": "value", "data": [1,1,5,10,10,0,"cat",)";
    compact.feed(head + v + "]}", a);
    spaced.feed(head + " " + v + " ]}", b);
    EXPECT_EQ(compact.stats().malformed_lines, spaced.stats().malformed_lines)
        << v;
    ASSERT_EQ(a.events.size(), b.events.size()) << v;
    if (a.events.empty())
      continue;
    EXPECT_EQ(a.events[0].retval, b.events[0].retval) << v;
    EXPECT_EQ(a.events[0].message, b.events[0].message) << v;
    EXPECT_EQ(a.events[0].raw_args, b.events[0].raw_args) << v;
  }
}

// The tuple scan reads digit runs without a bounds check when the line
// ends in a non-digit. Every prefix of event lines (torn anywhere: after
// a digit, a ',', inside a string) is put at the very end of a readable
// page with an unreadable page after it, so a read past the line would
// crash; each prefix is refused, and the whole lines give their events.
TEST(OutputParser, torn_tuples_are_malformed_and_never_read_past_the_line) {
  const std::string lines[] = {
      R"({"type": "value", "data": [0,12,277010152685,2548,2549,1,"cat","/etc/x",524288]})",
      R"({"type": "value", "data": [1,1,5,10,10,0,"c",18446744073709551615]})",
      R"({"type": "value", "data": [1,1,5,10,10,0,"c",1234567890123456789 ]})",
      R"({"type": "value", "data": [ 1 , 2 ,5,10,10,0 , "c" ,-7 ]})"};
  const long page = sysconf(_SC_PAGESIZE);
  void* map = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(map, MAP_FAILED);
  char* guard = static_cast<char*>(map) + page;
  ASSERT_EQ(mprotect(guard, page, PROT_NONE), 0);
  auto parser = make_parser();
  CollectSink sink;
  std::size_t prefixes = 0;
  for (const std::string& line : lines)
    for (std::size_t n = 1; n < line.size(); ++n, ++prefixes) {
      std::memcpy(guard - n, line.data(), n);
      parser.feed(std::string_view(guard - n, n), sink);
    }
  // Cut right after "data": there is no tuple yet: unexpected, not torn.
  EXPECT_EQ(parser.stats().malformed_lines + parser.stats().unexpected_lines,
            prefixes);
  EXPECT_EQ(parser.stats().unexpected_lines, 2 * std::size(lines));
  EXPECT_TRUE(sink.events.empty());
  for (const std::string& line : lines) {
    std::memcpy(guard - line.size(), line.data(), line.size());
    parser.feed(std::string_view(guard - line.size(), line.size()), sink);
  }
  munmap(map, 2 * page);
  ASSERT_EQ(sink.events.size(), 4u);
  EXPECT_EQ(sink.events[0].raw_args[0].second, "/etc/x");
  EXPECT_EQ(sink.events[1].retval, -1);
  EXPECT_EQ(sink.events[2].retval, 1234567890123456789);
  EXPECT_EQ(sink.events[3].retval, -7);
}

// The parser keeps an event's function and raw_args names while the
// probe stays the same: events alternating between probes with other
// names each carry their own probe's.
TEST(OutputParser, alternating_probes_carry_their_own_names) {
  gen::ProgramLayout layout = openat_layout();
  layout.probes[1].function = "openat_ret";
  auto parser = make_parser(layout);
  CollectSink sink;
  const char* lines[] = {
      R"({"type": "value", "data": [0,1,5,10,10,0,"cat","/a",1]})",
      R"({"type": "value", "data": [0,2,5,10,10,0,"cat","/b",2]})",
      R"({"type": "value", "data": [1,3,5,10,10,0,"cat",-2]})",
      R"({"type": "value", "data": [0,4,5,10,10,0,"cat","/c",3]})",
      R"({"type": "value", "data": [1,5,5,10,10,0,"cat",4]})",
  };
  for (const char* line : lines)
    parser.feed(line, sink);
  ASSERT_EQ(sink.events.size(), 5u);
  using Args = std::vector<std::pair<std::string, std::string>>;
  for (std::size_t i : {0u, 1u, 3u}) {
    EXPECT_EQ(sink.events[i].function, "openat") << i;
    EXPECT_EQ(sink.events[i].raw_args.size(), 2u) << i;
    EXPECT_EQ(sink.events[i].raw_args[0].first, "args->filename") << i;
    EXPECT_EQ(sink.events[i].raw_args[1].first, "args->flags") << i;
  }
  EXPECT_EQ(sink.events[3].raw_args[0].second, "/c");
  EXPECT_EQ(sink.events[2].function, "openat_ret");
  EXPECT_EQ(sink.events[2].raw_args, (Args{{"retval", "-2"}}));
  EXPECT_EQ(sink.events[4].raw_args, (Args{{"retval", "4"}}));
}

// A probe without format arguments (as the syscalls program's) keeps
// the last event's raw_args (none) and message while it stays the same
// probe: after another probe's event, its own come back, not the other's.
TEST(OutputParser, a_probe_without_format_arguments_keeps_its_own_message) {
  gen::ProgramLayout layout = openat_layout();
  gen::ProbeLayout tick;
  tick.function = "tick";
  tick.probe = "tracepoint:x:y";
  tick.format = "tick 100%%";
  tick.values = {{gen::ValueKind::Int, "n"}, {gen::ValueKind::String, "s"}};
  tick.expose_values = true;
  layout.probes.push_back(tick);
  auto parser = make_parser(layout);
  CollectSink sink;
  const char* lines[] = {
      R"({"type": "value", "data": [2,1,5,10,10,0,"cat",7,"a"]})",
      R"({"type": "value", "data": [2,2,5,10,10,0,"cat",8,"b"]})",
      R"({"type": "value", "data": [0,3,5,10,10,0,"cat","/c",3]})",
      R"({"type": "value", "data": [2,4,5,10,10,0,"cat",9,"d"]})",
  };
  for (const char* line : lines)
    parser.feed(line, sink);
  ASSERT_EQ(sink.events.size(), 4u);
  for (std::size_t i : {0u, 1u, 3u}) {
    EXPECT_EQ(sink.events[i].function, "tick") << i;
    EXPECT_EQ(sink.events[i].message, "tick 100%") << i;
    EXPECT_TRUE(sink.events[i].raw_args.empty()) << i;
    EXPECT_TRUE(sink.events[i].unreadable_args.empty()) << i;
  }
  EXPECT_EQ(sink.events[1].ints, (std::vector<std::int64_t>{8}));
  EXPECT_EQ(sink.events[1].strings, (std::vector<std::string>{"b"}));
  EXPECT_EQ(sink.events[3].ints, (std::vector<std::int64_t>{9}));
  EXPECT_EQ(sink.events[3].strings, (std::vector<std::string>{"d"}));
  EXPECT_EQ(sink.events[2].message, "/c flags=3");
  EXPECT_EQ(sink.events[2].raw_args.size(), 2u);
}

// Seen while writing the fuzz targets: "%d %x", arg1, arg1 gave
// "raw_args":{"arg1":...,"arg1":...}, a name twice in one JSON object.
TEST(OutputParser, an_argument_given_twice_is_one_raw_args_key) {
  gen::ProgramLayout layout;
  gen::ProbeLayout p;
  p.function = "read";
  p.probe = "tracepoint:syscalls:sys_enter_read";
  p.format = "%d %x %d";
  p.values = {{gen::ValueKind::Int, "arg1"},
              {gen::ValueKind::Int, "arg1"},
              {gen::ValueKind::Int, "arg3"}};
  p.format_args = 3;
  layout.probes = {p};
  auto parser = make_parser(layout);
  CollectSink sink;
  parser.feed(R"({"type": "value", "data": [0,1,5,10,10,0,"c",7,7,9]})", sink);
  ASSERT_EQ(sink.events.size(), 1u);
  const TraceEvent& e = sink.events[0];
  EXPECT_EQ(e.message, "7 7 9");
  using Args = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(e.raw_args, (Args{{"arg1", "7"}, {"arg3", "9"}}));
  std::ostringstream out;
  auto w = make_writer(OutputFormat::Jsonl, out, {});
  w->event(e);
  EXPECT_NE(out.str().find(R"("raw_args":{"arg1":"7","arg3":"9"})"),
            std::string::npos)
      << out.str();
}

TEST(OutputParser, return_probe_sets_retval) {
  auto parser = make_parser();
  CollectSink sink;
  parser.feed(R"({"type": "value", "data": [1,1,5,10,10,0,"cat",-2]})", sink);
  ASSERT_EQ(sink.events.size(), 1u);
  EXPECT_EQ(sink.events[0].retval, -2);
  EXPECT_EQ(sink.events[0].message, "ret -2");
  EXPECT_EQ(sink.events[0].raw_args[0].second, "-2");
}

TEST(OutputParser, decodes_ffffff_escapes) {
  auto parser = make_parser();
  CollectSink sink;
  parser.feed(
      R"({"type": "value", "data": [0,1,5,10,10,0,"ev\",1]\n\uffffffffx","caf\uffffffc3\uffffffa9",0]})",
      sink);
  ASSERT_EQ(sink.events.size(), 1u);
  EXPECT_EQ(sink.events[0].comm, "ev\",1]\n\xffx");
  EXPECT_EQ(sink.events[0].raw_args[0].second, "caf\xc3\xa9");
  EXPECT_EQ(sink.events[0].message, "caf\xc3\xa9 flags=0");
}

TEST(OutputParser, hostile_strings_neither_split_shift_nor_forge) {
  auto parser = make_parser();
  CollectSink sink;
  const char* names[] = {
      R"(x\",0,1,2,3,4,5,\"y\"]})",     // a forged tuple tail
      R"(]})",                          // a forged end
      R"(a\nb\n{\"type\": \"value\"})", // forged line
      R"(c,d)",
      R"(\\)",
  };
  const char* decoded[] = {
      R"(x",0,1,2,3,4,5,"y"]})",
      "]}",
      "a\nb\n{\"type\": \"value\"}",
      "c,d",
      "\\",
  };
  for (const char* name : names)
    parser.feed(
        std::string(R"({"type": "value", "data": [0,1,5,10,10,0,"c",")") +
            name + "\",7]}",
        sink);
  ASSERT_EQ(sink.events.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(sink.events[i].raw_args[0].second, decoded[i]);
    EXPECT_EQ(sink.events[i].raw_args[1].second, "7");
    EXPECT_EQ(sink.events[i].pid, 10u);
  }
  EXPECT_EQ(parser.stats().malformed_lines, 0u);
}

TEST(OutputParser, skips_blank_lines) {
  auto parser = make_parser();
  CollectSink sink;
  parser.feed("", sink);
  parser.feed("  \t", sink);
  EXPECT_EQ(parser.stats().lines, 0u);
  EXPECT_EQ(parser.stats().malformed_lines, 0u);
}

TEST(OutputParser, counts_malformed_and_mismatched_lines_without_events) {
  auto parser = make_parser();
  CollectSink sink;
  const char* lines[] = {
      "vm",                                                    // child's stdout
      "{",                                                     // truncated
      R"({"type": "value", "data": [0,1,5,10,10,0,"c","f",7)", // torn
      R"({"type": "value", "data": [0,1,5,10,10,0,"c","f"]})", // too short
      R"({"type": "value", "data": [0,1,5,10,10,0,"c","f",7,8]})", // too long
      R"({"type": "value", "data": [0,1,5,10,10,0,"c",7,"f"]})",   // kinds
                                                                   // swapped
      R"({"type": "value", "data": [0,1,5,10,10,0,9,"f",7]})",     // comm int
      R"({"type": "value", "data": [2,1,5,10,10,0,"c",7]})",       // no probe 2
      R"({"type": "value", "data": [-3,1,5]})",                    // bad probe
      R"({"type": "value", "data": [0,1,5,4294967296,10,0,"c","f",7]})",
      R"({"type": "value", "data": [0,1,5,10,10,0,"c","f",1.5]})",
      R"({"type": "value", "data": [0,1,5,10,10,0,"c","f",[7]]})",
      R"({"type": "value", "data": [0,1,5,10,10,0,"c","f",7]} trailing)",
      R"({"type": "value", "data": [-1,1]})", // short marker
      R"({"type": "lost_events", "data": {"events": "many"}})",
      R"({"type": "printf", "data": 7})",
  };
  for (const char* line : lines)
    parser.feed(line, sink);
  EXPECT_TRUE(sink.events.empty());
  EXPECT_EQ(parser.stats().malformed_lines, std::size(lines));
  EXPECT_EQ(parser.stats().events, 0u);
}

// accept_tuple checks a tuple's kinds by masks up to 64 fields and field
// by field beyond: a string or a negative number in the header (SEQ ..
// CPU) is malformed and not counted as received on its CPU, and a string
// slot past the 64th field must be a string, like any other.
TEST(OutputParser, checks_the_kinds_of_short_and_long_tuples) {
  auto parser = make_parser();
  CollectSink sink;
  parser.feed(R"({"type": "value", "data": [0,"1",5,10,10,0,"c","f",7]})",
              sink);
  parser.feed(R"({"type": "value", "data": [0,1,5,10,-10,0,"c","f",7]})", sink);
  parser.feed(R"({"type": "value", "data": [0,1,5,10,10,"0","c","f",7]})",
              sink);
  parser.feed(R"({"type": "value", "data": [0,3,5,10,10,0,"c","f",-7]})", sink);
  EXPECT_EQ(parser.stats().malformed_lines, 3u);
  ASSERT_EQ(sink.events.size(), 1u) << "a negative value slot is fine";
  EXPECT_EQ(parser.dropped(), 2u)
      << "seq 3 on CPU 0, the only tuple received there";

  gen::ProgramLayout layout;
  gen::ProbeLayout wide;
  wide.function = "wide";
  wide.probe = "tracepoint:syscalls:sys_enter_wide";
  for (int i = 0; i < 70; ++i)
    wide.values.push_back(
        {i == 65 ? gen::ValueKind::String : gen::ValueKind::Int,
         "v" + std::to_string(i)});
  layout.probes = {wide};
  auto long_parser = make_parser(layout);
  auto line = [](int string_at) {
    std::string l = R"({"type": "value", "data": [0,1,5,10,10,0,"c")";
    for (int i = 0; i < 70; ++i)
      l += i == string_at ? ",\"s\"" : "," + std::to_string(i);
    return l + "]}";
  };
  CollectSink long_sink;
  long_parser.feed(line(65), long_sink);
  long_parser.feed(line(64), long_sink);
  long_parser.feed(line(-1), long_sink);
  ASSERT_EQ(long_sink.events.size(), 1u);
  EXPECT_EQ(long_parser.stats().malformed_lines, 2u);
}

TEST(OutputParser, other_printf_and_value_lines_are_unexpected) {
  auto parser = make_parser();
  CollectSink sink;
  parser.feed(R"({"type": "printf", "data": "hello\n"})", sink);
  parser.feed(R"({"type": "value", "data": "x"})", sink);
  parser.feed(R"({"type": "printf", "data": "\u001eSTACKS nope"})", sink);
  EXPECT_EQ(parser.stats().unexpected_lines, 3u);
  EXPECT_EQ(parser.stats().malformed_lines, 0u);
}

// Feeds one event of probe 1 with this SEQ on this CPU.
void feed_event(OutputParser& parser, CollectSink& sink, int seq, int cpu) {
  parser.feed("{\"type\": \"value\", \"data\": [1," + std::to_string(seq) +
                  ",5,10,10," + std::to_string(cpu) + ",\"c\",0]}",
              sink);
}

TEST(OutputParser, accounts_drops_per_cpu_with_gaps) {
  auto parser = make_parser();
  CollectSink sink;
  auto event = [&](int seq, int cpu) { feed_event(parser, sink, seq, cpu); };
  // CPU 0 gets 1,2,5 (3 and 4 lost); CPU 3 gets 2 (1 lost), then CPU 3's
  // marker says 4 were emitted (3 and 4 lost too).
  event(1, 0);
  event(2, 0);
  event(2, 3);
  event(5, 0);
  EXPECT_EQ(parser.dropped(), 3u);
  parser.feed(R"({"type": "value", "data": [-1,4,3,0]})", sink);
  EXPECT_EQ(parser.dropped(), 5u);
  EXPECT_EQ(sink.events.size(), 4u);
}

// A counted program (gen/layout.h: SEQ 0, the kernel's per-CPU count only
// in markers and at exit): each event stands for the next position, so a
// marker's count shows the events lost before it, also when events after
// it have already been read on that CPU (the drain's stop window).
TEST(OutputParser, counted_events_lose_what_the_markers_count_and_no_more) {
  gen::ProgramLayout layout = openat_layout();
  layout.numbered = false;
  auto parser = make_parser(layout);
  EXPECT_FALSE(parser.numbered());
  EXPECT_TRUE(make_parser().numbered());
  CollectSink sink;
  auto event = [&](int cpu) { feed_event(parser, sink, 0, cpu); };
  event(0);
  event(0);
  event(1);
  EXPECT_EQ(parser.dropped(), 0u);
  // CPU 0 counted 5 events before its marker: 3 of them were lost.
  parser.feed(R"({"type": "value", "data": [-1,5,0,0]})", sink);
  EXPECT_EQ(parser.dropped(), 3u);
  // Later events on CPU 0 are counts 6 and 7: no new loss.
  event(0);
  event(0);
  EXPECT_EQ(parser.dropped(), 3u);
  // CPU 1 never drained: the exit's count (4) shows 3 more; CPU 0's
  // drained count is not raised by its exit count.
  parser.feed(R"({"type": "map", "data": {"@sctrace_seq": {"0": 9, "1": 4}}})",
              sink);
  EXPECT_EQ(parser.dropped(), 6u);
  EXPECT_EQ(sink.events.size(), 5u);
  // A numbered program's SEQ 0 raises nothing (the same lines).
  auto numbered = make_parser();
  for (int i = 0; i < 3; ++i)
    feed_event(numbered, sink, 0, 0);
  numbered.feed(R"({"type": "value", "data": [-1,5,0,0]})", sink);
  EXPECT_EQ(numbered.dropped(), 2u);
}

// bpftrace prints @sctrace_seq (each CPU's event count) at exit. On a CPU
// whose drain marker never arrived, events still queued when bpftrace was
// stopped were never received: they count as dropped. On a drained CPU,
// later events are after the stop and do not. The record never reaches
// the sink or maps().
TEST(OutputParser, seq_map_at_exit_counts_events_left_in_the_buffers) {
  auto parser = make_parser();
  CollectSink sink;
  auto event = [&](int seq, int cpu) { feed_event(parser, sink, seq, cpu); };
  event(1, 0);
  event(2, 0);
  event(1, 1);
  parser.feed(R"({"type": "value", "data": [-1,1,1,0]})",
              sink); // CPU 1 drained
  EXPECT_EQ(parser.dropped(), 0u);
  parser.feed(R"({"type": "map", "data": {"@sctrace_seq": {"0": 9, "1": 4}}})",
              sink);
  EXPECT_EQ(parser.dropped(), 7u); // CPU 0: 3..9; CPU 1's 2..4 came later
  EXPECT_TRUE(parser.maps().empty());
  EXPECT_EQ(parser.stats().malformed_lines, 0u);
  parser.feed(R"({"type": "map", "data": {"@sctrace_seq": {"x": 1, "0": -1}}})",
              sink);
  EXPECT_EQ(parser.stats().malformed_lines, 2u);
  EXPECT_EQ(parser.dropped(), 7u);
}

TEST(OutputParser, markers_tell_when_every_cpu_is_drained) {
  auto parser = make_parser();
  CollectSink sink;
  EXPECT_EQ(parser.markers_seen(), 0u);
  EXPECT_FALSE(parser.all_markers_seen(2));
  parser.feed(R"({"type": "value", "data": [-1,0,1,0]})", sink);
  EXPECT_TRUE(parser.marker_seen(1));
  EXPECT_FALSE(parser.marker_seen(1, 1));
  EXPECT_FALSE(parser.marker_seen(0));
  EXPECT_FALSE(parser.all_markers_seen(2));
  parser.feed(R"({"type": "value", "data": [-1,7,0,0]})", sink);
  EXPECT_TRUE(parser.marker_seen(0, 7));
  EXPECT_FALSE(parser.marker_seen(0, 8));
  EXPECT_TRUE(parser.all_markers_seen(2));
  EXPECT_EQ(parser.markers_seen(), 2u);
  EXPECT_EQ(parser.dropped(), 7u); // CPU 0 emitted 7 we never saw
  parser.reset_markers();
  EXPECT_EQ(parser.markers_seen(), 0u);
  EXPECT_EQ(parser.dropped(), 7u);
  Summary s;
  parser.fill_summary(s, 2);
  EXPECT_FALSE(s.drained);
  EXPECT_EQ(s.events_dropped, 7u);
}

// A marker of an earlier round (an arming round's re-fire, still behind a
// backlog when the drain starts) does not drain its CPU: it ended drains
// early on bpftrace 0.23, which then threw away the rest of its ring
// (266 000 of 500 000 reads delivered with 0 counted as lost). Its SEQ still
// counts, and the @sctrace_seq map at exit then counts what was left.
TEST(OutputParser, markers_of_an_earlier_round_do_not_drain) {
  auto parser = make_parser();
  CollectSink sink;
  EXPECT_EQ(parser.reset_markers(), 1u); // arming round
  parser.feed(R"({"type": "value", "data": [-1,10,0,1]})", sink);
  EXPECT_TRUE(parser.marker_seen(0));
  EXPECT_EQ(parser.reset_markers(), 2u);                          // the drain
  parser.feed(R"({"type": "value", "data": [-1,20,0,1]})", sink); // re-fire
  EXPECT_FALSE(parser.marker_seen(0));
  EXPECT_EQ(parser.dropped(), 20u); // SEQ 20 was emitted, nothing received
  parser.feed(R"({"type": "map", "data": {"@sctrace_seq": {"0": 90}}})", sink);
  EXPECT_EQ(parser.dropped(), 90u); // not drained: the rest was lost
  parser.feed(R"({"type": "value", "data": [-1,95,0,2]})", sink);
  EXPECT_TRUE(parser.marker_seen(0, 95));
  EXPECT_EQ(parser.stats().malformed_lines, 0u);
  // Markers without a round (the old three-field shape) are malformed.
  parser.feed(R"({"type": "value", "data": [-1,96,0]})", sink);
  EXPECT_EQ(parser.stats().malformed_lines, 1u);
}

TEST(OutputParser, rounds_carry_the_marker_token_and_other_tokens_never_drain) {
  auto parser = make_parser();
  CollectSink sink;
  parser.use_marker_token(3);
  const std::uint64_t round = parser.reset_markers();
  EXPECT_EQ(round, (3ULL << 32) | 1);
  // Round 1 of the session with token 4 (another session in this process).
  parser.feed(R"({"type": "value", "data": [-1,5,0,17179869185]})", sink);
  EXPECT_FALSE(parser.marker_seen(0));
  parser.feed(R"({"type": "value", "data": [-1,5,0,12884901889]})", sink);
  EXPECT_TRUE(parser.marker_seen(0));
}

TEST(OutputParser, attaches_stacks_to_the_event_with_the_same_cpu_and_seq) {
  auto parser = make_parser();
  CollectSink sink;
  parser.feed(
      R"({"type": "printf", "data": "\u001eSTACK K 1 2\n\n        perf_syscall_enter+475\n        do_syscall_64+506\n"})",
      sink);
  parser.feed(
      R"({"type": "printf", "data": "\u001eSTACK U 1 2\n\n        0x7f0011\n"})",
      sink);
  // An event on another CPU with the same SEQ must not take them.
  parser.feed(R"({"type": "value", "data": [1,2,5,10,10,0,"c",0]})", sink);
  parser.feed(R"({"type": "value", "data": [1,2,5,10,10,1,"c",0]})", sink);
  ASSERT_EQ(sink.events.size(), 2u);
  EXPECT_TRUE(sink.events[0].kernel_stack.empty());
  EXPECT_EQ(sink.events[1].kernel_stack,
            (std::vector<std::string>{"perf_syscall_enter+475",
                                      "do_syscall_64+506"}));
  // No resolver: the address as bpftrace prints one it has no symbol for.
  EXPECT_EQ(sink.events[1].user_stack, (std::vector<std::string>{"0x7f0011"}));
  EXPECT_EQ(sink.events[1].user_stack_modules, (std::vector<std::string>{""}));
  EXPECT_EQ(parser.stats().stacks, 2u);
  // A later event on that CPU starts clean.
  parser.feed(R"({"type": "value", "data": [1,3,5,10,10,1,"c",0]})", sink);
  EXPECT_TRUE(sink.events[2].kernel_stack.empty());
}

// Issue 16.4: a %s read through a pointer that came back "" could not be
// read (or was empty: bpftrace does not tell); it is never shown as "".
// A string that needs no read (read_may_fail false) may be empty.
TEST(OutputParser, an_empty_pointer_string_is_unreadable_not_empty) {
  gen::ProgramLayout layout = openat_layout();
  layout.probes[0].format = "%s|%s flags=%x";
  layout.probes[0].values = {{gen::ValueKind::String, "args->filename", true},
                             {gen::ValueKind::String, "args->comm", false},
                             {gen::ValueKind::Int, "args->flags"}};
  layout.probes[0].format_args = 3;
  auto parser = make_parser(layout);
  CollectSink sink;
  parser.feed(R"({"type": "value", "data": [0,1,5,7,7,0,"sh","","",0]})", sink);
  parser.feed(R"({"type": "value", "data": [0,2,5,7,7,0,"sh","/bin/ls","",0]})",
              sink);
  ASSERT_EQ(sink.events.size(), 2u);
  EXPECT_EQ(sink.events[0].message, "<unreadable>| flags=0");
  EXPECT_EQ(sink.events[0].unreadable_args,
            (std::vector<std::string>{"args->filename"}));
  EXPECT_EQ(sink.events[0].raw_args[0].second, "");
  EXPECT_EQ(sink.events[1].message, "/bin/ls| flags=0");
  EXPECT_TRUE(sink.events[1].unreadable_args.empty());
  EXPECT_EQ(parser.stats().unreadable_strings, 1u);
  Summary s;
  parser.fill_summary(s, 1);
  EXPECT_EQ(s.unreadable_strings, 1u);
}

// A resolver that names what it was asked: user addresses below 0x100 in
// pid 7 have no symbol; the rest are "f<ADDRESS>" in "/bin/m<PID>".
struct FakeSymbols : SymbolResolver {
  std::string kernel(std::uint64_t a, std::string_view n) override {
    return std::string(n) + "+k" + std::to_string(a);
  }
  std::string user(std::uint32_t pid, std::uint64_t a,
                   std::string_view n) override {
    return std::string(n) + "+u" + std::to_string(a) + "@" +
           std::to_string(pid);
  }
  UserSymbol user_symbol(std::uint32_t pid, std::uint64_t a) override {
    if (a < 0x100)
      return {"", 0, "/bin/m" + std::to_string(pid)};
    return {"f" + std::to_string(a), a % 16, "/bin/m" + std::to_string(pid)};
  }
};

// Issue 16.7: %K values go through the resolver with the address the
// program sends in their address slot; %U values are the address alone
// (bpftrace never symbolises user addresses), resolved with the event's
// pid, or printed "0x" HEX without a resolver.
TEST(OutputParser, symbols_are_resolved_from_their_address_slot) {
  FakeSymbols fake;
  gen::ProgramLayout layout = openat_layout();
  layout.probes[0].format = "%K %U";
  layout.probes[0].values = {{gen::ValueKind::String, "arg1", false, 2},
                             {gen::ValueKind::Int, "arg2"},
                             {gen::ValueKind::Int, "arg1@address"}};
  layout.probes[0].format_args = 2;
  auto parser = make_parser(layout);
  CollectSink sink;
  const std::string line =
      R"({"type": "value", "data": [0,1,5,7,8,0,"a","vfs_read",34,11]})";
  parser.feed(line, sink);
  parser.set_symbol_resolver(&fake);
  parser.feed(line, sink);
  ASSERT_EQ(sink.events.size(), 2u);
  EXPECT_EQ(sink.events[0].message, "vfs_read 0x22");
  EXPECT_EQ(sink.events[0].raw_args[1].second, "0x22");
  EXPECT_EQ(sink.events[1].message, "vfs_read+k11 +u34@7");
  EXPECT_EQ(parser.stats().malformed_lines, 0u);
}

// User stacks arrive as addresses (0.17's "ustack" without symbols, 0.23's
// "ustack(raw)") and are resolved when their event arrives, with its pid:
// "name+DECIMAL" as bpftrace printed frames, the module's path beside.
TEST(OutputParser, user_stacks_are_symbolised_with_the_events_pid) {
  FakeSymbols fake;
  auto parser = make_parser();
  parser.set_symbol_resolver(&fake);
  CollectSink sink;
  parser.feed(
      R"({"type": "printf", "data": "\u001eSTACK U 0 1\n\n        0x7f0011\n        0x10\n"})",
      sink);
  parser.feed(R"({"type": "value", "data": [1,1,5,9,9,0,"c",0]})", sink);
  parser.feed(
      R"({"type": "printf", "data": "\u001eSTACK u 0 2\n\n7f0011\n0\n"})",
      sink);
  parser.feed(R"({"type": "value", "data": [1,2,5,7,7,0,"c",0]})", sink);
  ASSERT_EQ(sink.events.size(), 2u);
  EXPECT_EQ(sink.events[0].user_stack,
            (std::vector<std::string>{"f8323089+1", "0x10"}));
  EXPECT_EQ(sink.events[0].user_stack_modules,
            (std::vector<std::string>{"/bin/m9", "/bin/m9"}));
  // -a ('u'): the address first, as trace.py prints it.
  EXPECT_EQ(sink.events[1].user_stack,
            (std::vector<std::string>{"          7f0011 f8323089+1"}));
  EXPECT_EQ(parser.stats().stacks, 2u);
  // A stack whose text is not addresses is malformed, and dropped.
  parser.feed(
      R"({"type": "printf", "data": "\u001eSTACK U 0 3\n\n        main+4\n"})",
      sink);
  parser.feed(R"({"type": "value", "data": [1,3,5,7,7,0,"c",0]})", sink);
  ASSERT_EQ(sink.events.size(), 3u);
  EXPECT_TRUE(sink.events[2].user_stack.empty());
  EXPECT_EQ(parser.stats().malformed_lines, 1u);
}

TEST(OutputParser, stack_of_a_dropped_event_is_discarded) {
  auto parser = make_parser();
  CollectSink sink;
  parser.feed(
      R"({"type": "printf", "data": "\u001eSTACK K 0 4\n\n        a+1\n"})",
      sink);
  parser.feed(R"({"type": "value", "data": [1,5,5,10,10,0,"c",0]})", sink);
  ASSERT_EQ(sink.events.size(), 1u);
  EXPECT_TRUE(sink.events[0].kernel_stack.empty());
  EXPECT_EQ(parser.stats().orphan_stacks, 1u);
}

// bpftrace 0.23's record (recorded on this kernel: two threads creating
// the same @c[pid] key of a count() map at once) is one lost update; other
// helper errors, and map_update_elem failing otherwise, are not.
TEST(OutputParser, map_update_exists_is_a_lost_update) {
  auto parser = make_parser();
  CollectSink sink;
  parser.feed(
      R"({"type": "helper_error", "msg": "File exists", "helper": "map_update_elem", "retcode": -17, "line": 1, "col": 109})",
      sink);
  parser.feed(
      R"({"type": "helper_error", "msg": "File exists", "helper": "map_update_elem", "retcode": -17, "line": 1, "col": 109})",
      sink);
  parser.feed(
      R"({"type": "helper_error", "msg": "Argument list too long", "helper": "map_update_elem", "retcode": -7, "line": 1, "col": 109})",
      sink);
  parser.feed(
      R"({"type": "helper_error", "helper": "probe_read_user", "retcode": -17, "line": 2, "col": 3})",
      sink);
  EXPECT_EQ(parser.stats().helper_errors, 4u);
  EXPECT_EQ(parser.stats().map_updates_lost, 2u);
  EXPECT_EQ(parser.helper_errors()[0].msg, "File exists");
}

TEST(OutputParser, records_lost_events_helper_errors_and_attach) {
  auto parser = make_parser();
  CollectSink sink;
  parser.feed(R"({"type": "attached_probes", "data": {"probes": 2}})", sink);
  parser.feed(R"({"type": "lost_events", "data": {"events": 333}})", sink);
  parser.feed(R"({"type": "lost_events", "data": {"events": 7}})", sink);
  parser.feed(
      R"({"type": "helper_error", "helper": "probe_read_kernel_str", "retcode": -34, "line": 1, "col": 100})",
      sink);
  parser.feed(
      R"({"type": "helper_error", "msg": "Bad address", "helper": "probe_read_user", "retcode": -14, "line": 2, "col": 3})",
      sink);
  EXPECT_TRUE(parser.stats().attached);
  EXPECT_EQ(parser.stats().attached_probes, 2u);
  EXPECT_EQ(parser.stats().lost_reported, 340u);
  EXPECT_EQ(parser.stats().helper_errors, 2u);
  EXPECT_EQ(parser.stats().map_updates_lost, 0u);
  ASSERT_EQ(parser.helper_errors().size(), 2u);
  EXPECT_EQ(parser.helper_errors()[0].helper, "probe_read_kernel_str");
  EXPECT_EQ(parser.helper_errors()[0].retcode, -34);
  EXPECT_EQ(parser.helper_errors()[0].col, 100);
  EXPECT_EQ(parser.helper_errors()[1].msg, "Bad address");
  for (int i = 0; i < 20; ++i)
    parser.feed(
        R"({"type": "helper_error", "helper": "h", "retcode": -1, "line": 1, "col": 1})",
        sink);
  EXPECT_EQ(parser.helper_errors().size(), OutputParser::kKeptHelperErrors);
  EXPECT_EQ(parser.stats().helper_errors, 22u);
}

TEST(OutputParser, keeps_maps_typed) {
  auto parser = make_parser();
  CollectSink sink;
  parser.feed(
      R"({"type": "map", "data": {"@c": {"caf\uffffffc3\uffffffa9": 3}}})",
      sink);
  parser.feed(R"({"type": "stats", "data": {"@av": 4}})", sink);
  ASSERT_EQ(parser.maps().size(), 2u);
  const MapRecord& c = parser.maps()[0];
  EXPECT_EQ(c.name, "@c");
  ASSERT_EQ(c.entries.size(), 1u);
  EXPECT_EQ(c.entries[0].key, "caf\xc3\xa9");
  EXPECT_EQ(c.entries[0].value, MapValue(MapInt::of(3)));
  EXPECT_EQ(parser.maps()[1].kind, MapKind::Stats);
  EXPECT_EQ(parser.stats().malformed_lines, 0u);
}

// A sink that takes a map keeps it out of maps(); a map that does not
// parse is malformed; other record types are not in the contract.
TEST(OutputParser, maps_go_to_the_sink_first) {
  struct TakingSink : CollectSink {
    bool on_map(const MapRecord& map) override {
      names.push_back(map.name);
      return true;
    }
    std::vector<std::string> names;
  } sink;
  auto parser = make_parser();
  parser.feed(R"({"type": "hist", "data": {"@h": [{"max": -1, "count": 1}]}})",
              sink);
  parser.feed(R"({"type": "map", "data": {"@a": 1, "@b": 2}})", sink);
  parser.feed(R"({"type": "map", "data": {"@a": {"k": {"x": 1}}}})", sink);
  parser.feed(R"({"type": "time", "data": "12:00:00\n"})", sink);
  EXPECT_EQ(sink.names, std::vector<std::string>{"@h"});
  EXPECT_TRUE(parser.maps().empty());
  EXPECT_EQ(parser.stats().malformed_lines, 2u);
  EXPECT_EQ(parser.stats().unexpected_lines, 1u);
}

TEST(OutputParser, create_rejects_layouts_that_do_not_match_their_format) {
  auto bad_format = openat_layout();
  bad_format.probes[0].format = "%5s %d";
  EXPECT_FALSE(OutputParser::create(bad_format, 0).ok());
  auto count = openat_layout();
  count.probes[0].format = "%s";
  EXPECT_FALSE(OutputParser::create(count, 0).ok());
  auto kind = openat_layout();
  kind.probes[0].format = "%d %d";
  auto r = OutputParser::create(kind, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_NE(r.error().message.find("args->filename"), std::string::npos);
  auto retval = openat_layout();
  retval.probes[1].retval_index = 3;
  EXPECT_FALSE(OutputParser::create(retval, 0).ok());
}

TEST(OutputParser, survives_random_byte_mutations) {
  const std::string seeds[] = {
      R"({"type": "value", "data": [0,1,5,10,10,0,"c\uffffffc3","a\"b",7]})",
      R"({"type": "value", "data": [-1,4,3,0]})",
      R"({"type": "printf", "data": "\u001eSTACK K 1 2\n\n        a+1\n"})",
      R"({"type": "helper_error", "helper": "h", "retcode": -34, "line": 1, "col": 2})",
      R"({"type": "map", "data": {"@c": {"k\ud83d": 1}}})",
  };
  const char alphabet[] = "{}[]\",:-0123456789u\\ \x80\xff\n";
  std::mt19937 rng(42);
  auto parser = make_parser();
  CollectSink sink;
  for (int round = 0; round < 20000; ++round) {
    std::string line = seeds[rng() % std::size(seeds)];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !line.empty(); ++e) {
      const std::size_t at = rng() % line.size();
      const char c = alphabet[rng() % (sizeof alphabet - 1)];
      switch (rng() % 3) {
      case 0:
        line[at] = c;
        break;
      case 1:
        line.erase(at, 1);
        break;
      default:
        line.insert(at, 1, c);
        break;
      }
    }
    parser.feed(line, sink);
  }
  // Whatever got through is a well-formed event of a known probe.
  for (const TraceEvent& e : sink.events)
    EXPECT_TRUE(e.probe == 0 || e.probe == 1);
  EXPECT_GT(parser.stats().malformed_lines, 0u);
}

TEST(OutputParser, realtime_offset_is_plausible) {
  // Wall clock minus boot-relative time: some time after 2020.
  EXPECT_GT(realtime_offset_ns(), 1'577'836'800'000'000'000 / 2);
}

} // namespace
} // namespace sctrace::events
