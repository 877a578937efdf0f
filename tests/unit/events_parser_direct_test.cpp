// OutputParser's direct path (src/events/parser_direct.cpp): the tuples of
// probes that expose their values and format none are scanned straight
// into the event. A line with a space after '[' takes the Field path
// instead, so each case here is fed both ways and must give the same
// events and the same counts.
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "events_parser_test.h"

namespace sctrace::events {
namespace {

using testing::CollectSink;
using testing::make_parser;

// Like the syscalls program's General probe: ints, a string, retval.
gen::ProgramLayout direct_layout() {
  gen::ProbeLayout p;
  p.function = "syscall";
  p.probe = "tracepoint:raw_syscalls:sys_exit";
  p.format = "syscall";
  p.values = {{gen::ValueKind::Int, "nr"},
              {gen::ValueKind::Int, "arg0"},
              {gen::ValueKind::Int, "ret"},
              {gen::ValueKind::String, "path"},
              {gen::ValueKind::Int, "duration"}};
  p.retval_index = 2;
  p.expose_values = true;
  gen::ProgramLayout layout;
  layout.probes = {p};
  return layout;
}

void expect_same_event(const TraceEvent& a, const TraceEvent& b,
                       const std::string& line) {
  EXPECT_EQ(a.timestamp_ns, b.timestamp_ns) << line;
  EXPECT_EQ(a.monotonic_ns, b.monotonic_ns) << line;
  EXPECT_EQ(a.pid, b.pid) << line;
  EXPECT_EQ(a.tid, b.tid) << line;
  EXPECT_EQ(a.cpu, b.cpu) << line;
  EXPECT_EQ(a.process_start_ns, b.process_start_ns) << line;
  EXPECT_EQ(a.comm, b.comm) << line;
  EXPECT_EQ(a.function, b.function) << line;
  EXPECT_EQ(a.message, b.message) << line;
  EXPECT_EQ(a.raw_args, b.raw_args) << line;
  EXPECT_EQ(a.retval, b.retval) << line;
  EXPECT_EQ(a.probe, b.probe) << line;
  EXPECT_EQ(a.ints, b.ints) << line;
  EXPECT_EQ(a.strings, b.strings) << line;
}

// Each tuple (the data after '[') fed compact (the direct path) and with
// a space after '[' (the Field path) to parsers that first saw the same
// good event: the same events, malformed lines and drops.
TEST(OutputParserDirect, direct_and_field_paths_give_the_same_events) {
  const std::string tuples[] = {
      R"(0,2,5,10,11,1,"cat",257,18446744073709551516,-2,"/etc/x",900]})",
      R"(0,2,5,10,11,1,"c\uffffffc3\"",0,3,4096,"a\"b,c\\",1]})",
      R"(0,2,5,10,11,1,"cat",0,-9223372036854775808,0,"",1]})",
      R"(0,2,5,10,11,1,"cat",007,1,2,"\u00e9\ud83d\ude00",3]})",
      R"(0,18446744073709551615,5,10,11,1,"cat",0,1,2,"",3]})",
      R"(0,2,5,4294967295,4294967295,1,"cat",0,1,2,"",3]})",
      // 20 digits: 10^19 fits, as does a leading zero; past UINT64_MAX
      // (a '1' number wraps below 10^19), or a '2', does not
      R"(0,2,5,10,11,1,"cat",0,10000000000000000000,2,"",3]})",
      R"(0,2,5,10,11,1,"cat",0,09999999999999999999,2,"",3]})",
      R"(0,2,5,10,11,1,"cat",0,19999999999999999999,2,"",3]})",
      R"(0,2,5,10,11,1,"cat",0,20000000000000000000,2,"",3]})",
      R"(0,2,5,10,11,1,"cat",0,1,2,"",18446744073709551615]})",
      // malformed: each must be refused by both paths alike
      R"(0,2,5,4294967296,11,1,"cat",0,1,2,"",3]})",
      R"(0,2,5,10,-11,1,"cat",0,1,2,"",3]})",
      R"(0,2,5,10,11,65536,"cat",0,1,2,"",3]})",
      R"(0,2,5,10,11,1,"cat","0",1,2,"",3]})",
      R"(0,2,5,10,11,1,"cat",0,1,2,7,3]})",
      R"(0,2,5,10,11,1,7,0,1,2,"",3]})",
      R"(0,2,5,10,11,1,"cat",0,1,2,"",3,4]})",
      R"(0,2,5,10,11,1,"cat",0,1,2,""]})",
      R"(0,2,5,10,11,1,"cat",0,1,-,"",3]})",
      R"(0,2,5,10,11,1,"cat",0,1,1.5,"",3]})",
      R"(0,2,5,10,11,1,"cat",0,1,18446744073709551616,"",3]})",
      R"(0,2,5,10,11,1,"cat",0,1,2,"",3]} x)",
      R"(0,2,5,10,11,1,"cat",0,1,2,"\q",3]})",
      R"(1,2,5,10,11,1,"cat",0,1,2,"",3]})",
      R"(-1,2,1,0]})",
  };
  const std::string head = R"({"type": "value", "data": [)";
  const std::string first = head + R"(0,1,5,10,11,1,"cat",1,2,3,"/a",4]})";
  for (const std::string& tuple : tuples) {
    auto direct = make_parser(direct_layout());
    auto field = make_parser(direct_layout());
    CollectSink a, b;
    direct.feed(first, a);
    field.feed(first, b);
    direct.feed(head + tuple, a);
    field.feed(head + " " + tuple, b);
    EXPECT_EQ(direct.stats().malformed_lines, field.stats().malformed_lines)
        << tuple;
    EXPECT_EQ(direct.dropped(), field.dropped()) << tuple;
    ASSERT_EQ(a.events.size(), b.events.size()) << tuple;
    for (std::size_t i = 0; i < a.events.size(); ++i)
      expect_same_event(a.events[i], b.events[i], tuple);
  }
}

// A tuple refused after its probe, SEQ and CPU were read counts as
// received once: with SEQ 3 after SEQ 1, only SEQ 2 is dropped.
TEST(OutputParserDirect, a_refused_tuple_is_received_once) {
  auto parser = make_parser(direct_layout());
  CollectSink sink;
  parser.feed(
      R"({"type": "value", "data": [0,1,5,10,11,0,"cat",0,3,4096,"",9]})",
      sink);
  parser.feed(
      R"({"type": "value", "data": [0,3,5,10,11,0,"cat",0,3,4096,7,9]})", sink);
  EXPECT_EQ(sink.events.size(), 1u);
  EXPECT_EQ(parser.stats().malformed_lines, 1u);
  EXPECT_EQ(parser.dropped(), 1u);
}

// In a counted program (SEQ 0) the direct path counts each event as the
// next position on its CPU, as the Field path does: a marker that counted
// 4 events after 2 arrived shows 2 lost, and a later event none more.
TEST(OutputParserDirect, counted_events_take_the_next_position) {
  gen::ProgramLayout layout = direct_layout();
  layout.numbered = false;
  auto parser = make_parser(layout);
  CollectSink sink;
  const std::string event =
      R"({"type": "value", "data": [0,0,5,10,11,1,"cat",0,3,4096,"",9]})";
  parser.feed(event, sink);
  parser.feed(event, sink);
  parser.feed(R"({"type": "value", "data": [-1,4,1,0]})", sink);
  EXPECT_EQ(parser.dropped(), 2u);
  parser.feed(event, sink);
  EXPECT_EQ(parser.dropped(), 2u);
  EXPECT_EQ(sink.events.size(), 3u);
}

// The direct scan reads digit runs without a bounds check when the line
// ends in a non-digit: every prefix of a line, put at the very end of a
// readable page before an unreadable one, is refused without a read past
// it, and the whole line gives its event.
TEST(OutputParserDirect,
     torn_tuples_are_malformed_and_never_read_past_the_line) {
  const std::string line =
      R"({"type": "value", "data": [0,12,277010152685,2548,2549,1,"cat",257,18446744073709551516,-2,"/etc/\"x",900]})";
  const long page = sysconf(_SC_PAGESIZE);
  void* map = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(map, MAP_FAILED);
  char* guard = static_cast<char*>(map) + page;
  ASSERT_EQ(mprotect(guard, page, PROT_NONE), 0);
  auto parser = make_parser(direct_layout());
  CollectSink sink;
  for (std::size_t n = 1; n < line.size(); ++n) {
    std::memcpy(guard - n, line.data(), n);
    parser.feed(std::string_view(guard - n, n), sink);
  }
  EXPECT_EQ(parser.stats().malformed_lines + parser.stats().unexpected_lines,
            line.size() - 1);
  EXPECT_TRUE(sink.events.empty());
  std::memcpy(guard - line.size(), line.data(), line.size());
  parser.feed(std::string_view(guard - line.size(), line.size()), sink);
  munmap(map, 2 * page);
  ASSERT_EQ(sink.events.size(), 1u);
  const TraceEvent& e = sink.events[0];
  EXPECT_EQ(e.ints, (std::vector<std::int64_t>{257, -100, -2, 900}));
  EXPECT_EQ(e.strings, (std::vector<std::string>{"/etc/\"x"}));
  EXPECT_EQ(e.retval, -2);
  EXPECT_EQ(e.comm, "cat");
  EXPECT_EQ(e.pid, 2548u);
  EXPECT_EQ(e.tid, 2549u);
  EXPECT_EQ(e.monotonic_ns, 277010152685u);
}

} // namespace
} // namespace sctrace::events
