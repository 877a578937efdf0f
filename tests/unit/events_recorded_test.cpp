// OutputParser on real bpftrace 0.17 output (tests/data/bpftrace_out, see
// its README for how each file was recorded).
#include <fstream>
#include <string>

#include "events_parser_test.h"

namespace sctrace::events {
namespace {

using testing::CollectSink;
using testing::make_parser;
using testing::openat_layout;

const std::string kDir = std::string(SCTRACE_TEST_DATA) + "/bpftrace_out/";

void feed_file(OutputParser& parser, const std::string& name, EventSink& sink) {
  std::ifstream in(kDir + name);
  ASSERT_TRUE(in) << kDir + name;
  std::string line;
  while (std::getline(in, line))
    parser.feed(line, sink);
}

// Probe 0 of getppid_lost and helper_error: one extra value.
gen::ProgramLayout one_value_layout(gen::ValueKind kind) {
  gen::ProgramLayout layout;
  gen::ProbeLayout p;
  p.function = "getppid";
  p.format = kind == gen::ValueKind::Int ? "%d" : "%s";
  p.values = {{kind, "arg"}};
  p.format_args = 1;
  layout.probes = {p};
  return layout;
}

TEST(RecordedOutput, hostile_names_keep_their_exact_bytes) {
  auto parser = make_parser();
  CollectSink sink;
  feed_file(parser, "openat_hostile.ndjson", sink);
  EXPECT_EQ(parser.stats().malformed_lines, 0u);
  EXPECT_EQ(parser.stats().unexpected_lines, 0u);
  EXPECT_TRUE(parser.stats().attached);
  EXPECT_EQ(parser.dropped(), 0u);
  ASSERT_EQ(sink.events.size(), 22u);
  const std::string dir = "/tmp/sctrace-rec/";
  const std::string expected[] = {
      dir + "plain.txt",
      dir + "new\nline",
      dir + "q\"uote",
      dir + "com,ma",
      dir + "ctl\x1f\x01",
      dir + "bad\xff\xfeutf8",
      dir + "caf\xc3\xa9-\xe6\x97\xa5\xe6\x9c\xac",
      dir + "forge\",0,1,2,3,4,5,\"x\"]}",
      dir + "back\\slash\ttab",
      dir + "del\x7f",
  };
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    const TraceEvent& entry = sink.events[2 * i];
    const TraceEvent& exit = sink.events[2 * i + 1];
    EXPECT_EQ(entry.probe, 0);
    EXPECT_EQ(entry.comm, "ev\",1]\n\xffx");
    EXPECT_EQ(entry.raw_args[0].second, expected[i]);
    EXPECT_EQ(entry.message, expected[i] + " flags=80041");
    EXPECT_EQ(entry.kernel_stack.size(), 4u) << i;
    EXPECT_EQ(entry.kernel_stack[0], "perf_syscall_enter+475");
    ASSERT_EQ(entry.user_stack.size(), 2u) << i;
    EXPECT_TRUE(entry.user_stack[1].starts_with("0x")) << i;
    EXPECT_EQ(exit.probe, 1);
    EXPECT_EQ(exit.retval, 3);
    EXPECT_TRUE(exit.kernel_stack.empty());
    EXPECT_EQ(exit.pid, entry.pid);
  }
  // The 255-byte name was cut by BPFTRACE_STRLEN=128 (127 bytes + NUL).
  EXPECT_EQ(sink.events[20].raw_args[0].second.size(), 127u);
  EXPECT_EQ(parser.stats().stacks, 22u);
  ASSERT_EQ(parser.maps().size(), 1u);
  EXPECT_EQ(parser.maps()[0].kind, MapKind::Map);
}

TEST(RecordedOutput, torn_lines_never_make_events_or_crash) {
  // Every proper prefix of every recorded line (what a killed bpftrace or a
  // short read leaves behind) is counted, never turned into an event.
  std::ifstream in(kDir + "openat_hostile.ndjson");
  std::string line;
  std::size_t value_lines = 0;
  auto parser = make_parser();
  CollectSink sink;
  while (std::getline(in, line)) {
    for (std::size_t n = 0; n < line.size(); ++n)
      parser.feed(std::string_view(line).substr(0, n), sink);
    if (line.find("\"value\"") != std::string::npos)
      ++value_lines;
  }
  EXPECT_TRUE(sink.events.empty());
  EXPECT_EQ(parser.stats().events, 0u);
  EXPECT_GT(parser.stats().malformed_lines, 1000u);
  EXPECT_GT(value_lines, 0u);
}

TEST(RecordedOutput, drop_accounting_is_exact_under_a_flood) {
  auto parser = make_parser(one_value_layout(gen::ValueKind::Int));
  CollectSink sink;
  feed_file(parser, "getppid_lost.ndjson", sink);
  EXPECT_EQ(parser.stats().malformed_lines, 0u);
  // Two flood processes made 4000 getppid calls each; every one was either
  // received or is counted as dropped.
  EXPECT_EQ(sink.events.size() + parser.dropped(), 8000u);
  EXPECT_GT(parser.dropped(), 0u);
  // bpftrace's count also includes lost marker records, which have no SEQ.
  EXPECT_GE(parser.stats().lost_reported, parser.dropped());
  EXPECT_LE(parser.stats().lost_reported, parser.dropped() + 48);
  EXPECT_TRUE(parser.all_markers_seen(2));
  EXPECT_TRUE(parser.marker_seen(0, 4000));
  EXPECT_TRUE(parser.marker_seen(1, 4000));
  EXPECT_EQ(sink.events[0].message, "1");
  EXPECT_EQ(sink.events[0].comm, "flood");
  EXPECT_EQ(parser.maps().size(), 2u);
}

TEST(RecordedOutput, helper_errors_and_foreign_stdout) {
  auto parser = make_parser(one_value_layout(gen::ValueKind::String));
  CollectSink sink;
  feed_file(parser, "helper_error.ndjson", sink);
  EXPECT_EQ(sink.events.size(), 31u);
  EXPECT_EQ(parser.stats().helper_errors, 32u);
  EXPECT_EQ(parser.helper_errors().back().helper, "probe_read_kernel_str");
  EXPECT_EQ(parser.helper_errors().back().retcode, -34);
  EXPECT_EQ(parser.stats().malformed_lines, 1u); // cat's "vm"
  EXPECT_EQ(sink.events[0].raw_args[0].second, "");
}

TEST(RecordedOutput, map_records_are_kept) {
  auto parser = make_parser();
  CollectSink sink;
  feed_file(parser, "maps.ndjson", sink);
  EXPECT_EQ(parser.stats().malformed_lines, 0u);
  ASSERT_EQ(parser.maps().size(), 6u);
  std::vector<MapKind> kinds;
  for (const auto& m : parser.maps())
    kinds.push_back(m.kind);
  EXPECT_EQ(kinds,
            (std::vector<MapKind>{MapKind::Stats, MapKind::Hist, MapKind::Hist,
                                  MapKind::Map, MapKind::Map, MapKind::Stats}));
  const MapRecord& opens = parser.maps()[4];
  EXPECT_EQ(opens.name, "@opens");
  ASSERT_EQ(opens.entries.size(), 2u);
  EXPECT_EQ(opens.entries[0].key, "ev\",1]\n\xef\xbf\xbdx");
  EXPECT_EQ(opens.entries[0].value, MapValue(MapInt::of(11)));
  const auto* st = std::get_if<StatsValue>(parser.maps()[5].scalar());
  ASSERT_NE(st, nullptr);
  EXPECT_EQ(st->count, 53u);
  EXPECT_EQ(st->total, MapInt::of(24726219));
}

} // namespace
} // namespace sctrace::events
