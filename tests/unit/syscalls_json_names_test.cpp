// SyscallEvent::names_id (syscall_event.h): SyscallDecoder gives each
// syscall's events one id, and the JSONL writer and SyscallSink trust it
// in place of comparing or escaping names again (json_names.h). Whatever
// the order of syscalls, argument counts and decoders, the JSONL is the
// bytes each event gives alone (append_event_json, which escapes every
// name), and the counts are by name.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gen/builtin_catalog.h"
#include "gen/syscalls_program.h"
#include "modes/syscalls/decoder.h"
#include "modes/syscalls/output.h"
#include "modes/syscalls/syscall_sink.h"

namespace sctrace::syscalls {
namespace {

using gen::SyscallProbe;

events::TraceEvent raw(int nr, std::vector<std::int64_t> args, std::int64_t ret,
                       std::vector<std::string> strings,
                       SyscallProbe probe = SyscallProbe::General) {
  events::TraceEvent e;
  e.timestamp_ns = 1'763'790'000'000'000'000ULL;
  e.pid = 10;
  e.tid = 11;
  e.comm = "cat";
  e.probe = static_cast<int>(probe);
  args.resize(6);
  e.ints = {nr, 0};
  e.ints.insert(e.ints.end(), args.begin(), args.end());
  e.ints.push_back(ret);
  e.ints.push_back(2500);
  e.strings = std::move(strings);
  return e;
}

// Syscalls in turn, openat with 3 then 4 shown arguments (O_CREAT shows
// mode), a sockaddr event (not put from the batch) and two strings.
std::vector<events::TraceEvent> mixed() {
  std::int64_t in4 = 2 | (0x0900LL << 16) | (0x0100007fLL << 32);
  auto connect4 = raw(42, {3, 0x1000, 16}, -111, {""}, SyscallProbe::Sockaddr);
  connect4.ints.insert(connect4.ints.end(), {in4, 0, 0, 16});
  return {
      raw(0, {3, 0x7fff0000, 4096}, 4096, {""}),
      raw(257, {-100, 0x1000, 0x80000, 0}, -2, {"/etc/x"}),
      raw(257, {-100, 0x1000, 0101, 0640}, 3, {"/tmp/new"}),
      raw(0, {3, 0x7fff0000, 4096}, 12, {""}),
      connect4,
      raw(257, {-100, 0x1000, 0x80000, 0}, 3, {"/etc/y"}),
      raw(316, {-100, 0x1, -100, 0x2, 1}, 0, {"/a", "/b"},
          SyscallProbe::TwoStrings),
      raw(0, {3, 0x7fff1000, 4096}, 0, {""}),
  };
}

TEST(NamesId, one_per_syscall_and_decoder) {
  gen::BuiltinCatalog catalog;
  SyscallDecoder first(catalog, 40), second(catalog, 40);
  SyscallEvent a, b, c, d;
  first.decode(raw(0, {3, 1, 1}, 1, {""}), a);
  first.decode(raw(0, {4, 2, 2}, 2, {""}), b);
  first.decode(raw(257, {-100, 1, 0, 0}, 3, {"/x"}), c);
  second.decode(raw(0, {3, 1, 1}, 1, {""}), d);
  EXPECT_NE(a.names_id, 0u);
  EXPECT_EQ(a.names_id, b.names_id);
  EXPECT_NE(a.names_id, c.names_id);
  EXPECT_NE(a.names_id, d.names_id) << "another decoder's read";
}

// A decoder and a JSONL writer into a string.
class NamesIdJsonl : public ::testing::Test {
protected:
  gen::BuiltinCatalog catalog;
  SyscallDecoder decoder{catalog, 40};
  std::ostringstream out, notes;
  Result<std::unique_ptr<SyscallWriter>> w =
      make_syscall_writer("jsonl", out, notes);
};

TEST_F(NamesIdJsonl, decoded_events_are_each_event_alone) {
  ASSERT_TRUE(w.ok());
  std::string expected;
  SyscallEvent e;
  for (int round = 0; round < 3; ++round)
    for (const auto& r : mixed()) {
      decoder.decode(r, e);
      append_event_json(expected, e);
      expected += '\n';
      (*w)->event(e);
    }
  (*w)->flush();
  EXPECT_EQ(out.str(), expected);
  EXPECT_NE(expected.find(R"("mode":)"), std::string::npos);
}

// Hand-made events: an id seen with other names at the same number (as a
// second decoder's would be), names that need escaping, an id at a number
// past the writer's table.
SyscallEvent named(int nr, std::uint32_t id, std::string syscall,
                   std::vector<std::string> args) {
  SyscallEvent e;
  e.timestamp_ns = 1'763'790'000'000'000'000ULL;
  e.pid = e.tid = 42;
  e.comm = "cat";
  e.syscall = std::move(syscall);
  e.nr = nr;
  e.names_id = id;
  for (auto& name : args) {
    SyscallArg a;
    a.name = std::move(name);
    a.number = 1;
    e.args.push_back(std::move(a));
  }
  e.return_value = 0;
  return e;
}

TEST(NamesId, the_writer_follows_the_id_not_the_number) {
  const std::vector<SyscallEvent> events = {
      named(0, 7, "read", {"fd"}),
      named(0, 8, "we\"ird\x01", {"a\\b", "\xc3\xa9", "\xff"}),
      named(0, 7, "read", {"fd", "buf"}),
      named(0, 0, "unnamed", {"x"}),
      named(5000, 9, "far", {"y"}),
      named(0, 7, "read", {"fd"}),
  };
  std::ostringstream out, notes;
  auto w = make_syscall_writer("jsonl", out, notes);
  ASSERT_TRUE(w.ok());
  std::string expected;
  for (const auto& e : events) {
    append_event_json(expected, e);
    expected += '\n';
    (*w)->event(e);
  }
  (*w)->flush();
  EXPECT_EQ(out.str(), expected);
  EXPECT_NE(expected.find(R"("syscall":"we\"ird\u0001")"), std::string::npos);
}

TEST_F(NamesIdJsonl, counts_are_by_name) {
  ASSERT_TRUE(w.ok());
  SyscallSink sink(decoder, **w);
  std::map<std::string, std::uint64_t> expected;
  SyscallEvent copy;
  for (const auto& r : mixed()) {
    sink.on_event(r);
    decoder.decode(r, copy);
    ++expected[copy.syscall];
  }
  // The same number under other names, without an id (--input's events).
  for (auto e : {named(0, 0, "not_read", {}), named(0, 0, "read", {})}) {
    sink.add(e);
    ++expected[e.syscall];
  }
  SyscallSummary s;
  sink.fill(s);
  std::map<std::string, std::uint64_t> counted;
  for (const auto& c : s.per_syscall)
    counted[c.syscall] = c.count;
  EXPECT_EQ(counted, expected);
}

} // namespace
} // namespace sctrace::syscalls
