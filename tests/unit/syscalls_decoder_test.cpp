// SyscallDecoder on events shaped like the syscalls program's output
// (gen/syscalls_program.h), over the built-in syscall catalog.
#include <gtest/gtest.h>

#include <cstring>

#include "gen/builtin_catalog.h"
#include "gen/syscalls_program.h"
#include "modes/syscalls/decoder.h"
#include "modes/syscalls/output.h"

namespace sctrace::syscalls {
namespace {

using gen::SyscallProbe;

events::TraceEvent raw(int nr, std::vector<std::int64_t> args, std::int64_t ret,
                       std::vector<std::string> strings,
                       SyscallProbe probe = SyscallProbe::General,
                       int state = 0) {
  events::TraceEvent e;
  e.timestamp_ns = 1000;
  e.pid = 10;
  e.tid = 11;
  e.comm = "cat";
  e.probe = static_cast<int>(probe);
  args.resize(6);
  e.ints = {nr, state};
  e.ints.insert(e.ints.end(), args.begin(), args.end());
  e.ints.push_back(ret);
  e.ints.push_back(2500); // duration
  e.strings = std::move(strings);
  return e;
}

// Up to 24 bytes as the three little-endian words the program prints.
std::vector<std::int64_t> words(const std::string& bytes) {
  std::string b = bytes;
  b.resize(24, '\0');
  std::vector<std::int64_t> w(3);
  std::memcpy(w.data(), b.data(), 24);
  return w;
}

class Decoder : public ::testing::Test {
protected:
  gen::BuiltinCatalog catalog;
  SyscallDecoder decoder{catalog, 40};
  SyscallEvent out;

  const SyscallArg& arg(const std::string& name) {
    for (const auto& a : out.args)
      if (a.name == name)
        return a;
    static SyscallArg none;
    ADD_FAILURE() << "no argument " << name;
    return none;
  }
};

TEST_F(Decoder, OpenatWithItsPath) {
  decoder.decode(raw(257, {-100, 0x1000, 0x80000, 0}, 3, {"/etc/hostname"}),
                 out);
  EXPECT_EQ(out.syscall, "openat");
  EXPECT_EQ(out.pid, 10u);
  EXPECT_EQ(out.tid, 11u);
  EXPECT_EQ(*out.return_value, 3);
  EXPECT_EQ(*out.duration_ns, 2500u);
  EXPECT_EQ(out.error, 0);
  ASSERT_EQ(out.args.size(), 3u); // mode dropped without O_CREAT, as strace
  EXPECT_EQ(arg("dfd").text, "AT_FDCWD");
  EXPECT_EQ(arg("filename").kind, SyscallArg::Kind::Path);
  EXPECT_EQ(arg("filename").text, "/etc/hostname");
  EXPECT_EQ(arg("flags").text, "O_RDONLY|O_CLOEXEC");
  EXPECT_TRUE(out.extraction_errors.empty());

  decoder.decode(raw(257, {-100, 0x1000, 0101, 0640}, 3, {"/tmp/x"}), out);
  ASSERT_EQ(out.args.size(), 4u);
  EXPECT_EQ(arg("mode").text, "0640");
}

// One SyscallEvent reused for calls with 3 and 4 shown arguments in turn
// (openat's mode only with O_CREAT or O_TMPFILE; read): each event has
// exactly its own arguments, in order, none left over from the last.
TEST_F(Decoder, ReusedEventsCarryExactlyTheirOwnArguments) {
  using Names = std::vector<std::string>;
  auto names = [this] {
    Names n;
    for (const auto& a : out.args)
      n.push_back(a.name);
    return n;
  };
  const Names open3 = {"dfd", "filename", "flags"};
  const Names open4 = {"dfd", "filename", "flags", "mode"};
  const Names read3 = {"fd", "buf", "count"};
  decoder.decode(raw(257, {-100, 0x1000, 0101, 0640}, 3, {"/a"}), out);
  EXPECT_EQ(names(), open4);
  EXPECT_EQ(arg("mode").text, "0640");
  decoder.decode(raw(257, {-100, 0x1000, 0, 0640}, 3, {"/b"}), out);
  EXPECT_EQ(names(), open3);
  decoder.decode(raw(0, {3, 0x2000, 4096}, 4096, {}), out);
  EXPECT_EQ(names(), read3);
  EXPECT_EQ(arg("fd").number, 3);
  EXPECT_EQ(arg("buf").text, "0x2000");
  decoder.decode(raw(257, {-100, 0x1000, 020200000, 0600}, 3, {"/c"}), out);
  EXPECT_EQ(names(), open4) << "O_TMPFILE shows the mode";
  EXPECT_EQ(arg("mode").text, "0600");
  decoder.decode(raw(257, {-100, 0x1000, 0, 0}, 3, {"/d"}), out);
  EXPECT_EQ(names(), open3);
  EXPECT_EQ(arg("filename").text, "/d");
}

// A malformed event with fewer integer slots than the program prints:
// the missing ones read as 0 (best effort), nothing past the vector.
TEST_F(Decoder, MissingIntegerSlotsReadAsZero) {
  events::TraceEvent e = raw(0, {7, 0x10, 3}, 3, {});
  e.ints.resize(gen::kSlotArg0 + 1); // NR, state, fd
  decoder.decode(e, out);
  EXPECT_EQ(out.syscall, "read");
  EXPECT_EQ(arg("fd").number, 7);
  EXPECT_EQ(arg("buf").kind, SyscallArg::Kind::Null);
  EXPECT_EQ(arg("count").number, 0);
  EXPECT_EQ(out.return_value, 0);
  e.ints.clear();
  decoder.decode(e, out);
  EXPECT_EQ(out.syscall, "read");
  EXPECT_EQ(arg("fd").number, 0);
}

TEST_F(Decoder, FailuresAndExtractionErrors) {
  decoder.decode(raw(257, {-100, 0x1000, 0, 0}, -14, {""}), out);
  EXPECT_EQ(out.error, 14);
  EXPECT_EQ(arg("filename").kind, SyscallArg::Kind::Null);
  EXPECT_EQ(out.extraction_errors,
            std::vector<std::string>{"filename_read_failed"});
  // 39 bytes filled a 40-byte str() buffer: possibly cut.
  decoder.decode(raw(257, {-100, 0x1000, 0, 0}, 3, {std::string(39, 'a')}),
                 out);
  EXPECT_EQ(out.extraction_errors,
            std::vector<std::string>{"filename_truncated"});
  // A NULL path is a value, not a failure.
  decoder.decode(raw(257, {-100, 0, 0, 0}, -14, {""}), out);
  EXPECT_EQ(arg("filename").kind, SyscallArg::Kind::Null);
  EXPECT_TRUE(out.extraction_errors.empty());
}

TEST_F(Decoder, TwoStringsAndSockaddrs) {
  decoder.decode(raw(316, {-100, 0x1, -100, 0x2, 1}, 0, {"/a", "/b"},
                     SyscallProbe::TwoStrings),
                 out);
  EXPECT_EQ(arg("oldname").text, "/a");
  EXPECT_EQ(arg("newname").text, "/b");
  EXPECT_EQ(arg("flags").text, "RENAME_NOREPLACE");

  auto e = raw(42, {3, 0x1000, 16}, -111, {""}, SyscallProbe::Sockaddr);
  // sockaddr_in 127.0.0.1:9: family 2, port 9 (network order), address.
  std::int64_t b0 = 2 | (0x0900LL << 16) | (0x0100007fLL << 32);
  e.ints.insert(e.ints.end(), {b0, 0, 0, 16});
  decoder.decode(e, out);
  EXPECT_EQ(out.error, 111);
  EXPECT_EQ(arg("uservaddr").kind, SyscallArg::Kind::Sockaddr);
  EXPECT_EQ(arg("uservaddr").family, "AF_INET");
  EXPECT_EQ(arg("uservaddr").address, "127.0.0.1");
  EXPECT_EQ(arg("uservaddr").port, 9);

  e = raw(42, {3, 0x1000, 21}, -2, {"/run/x.sock"}, SyscallProbe::Sockaddr);
  auto w = words(std::string("\1\0/run/x.sock", 13));
  e.ints.insert(e.ints.end(), {w[0], w[1], w[2], 21});
  decoder.decode(e, out);
  EXPECT_EQ(arg("uservaddr").family, "AF_UNIX");
  EXPECT_EQ(arg("uservaddr").path, "/run/x.sock");
  EXPECT_FALSE(arg("uservaddr").abstract);
}

// A connect event of the sockaddr probe: its first 24 bytes as words,
// len (what the program read for addrlen), and the string after them.
events::TraceEvent connect_event(const std::string& bytes, std::int64_t len,
                                 const std::string& tail) {
  auto e = raw(42, {3, 0x1000, len}, 0, {tail}, SyscallProbe::Sockaddr);
  auto w = words(bytes);
  e.ints.insert(e.ints.end(), {w[0], w[1], w[2], len});
  return e;
}

TEST_F(Decoder, AbstractUnixNameIsTheBytesAfterTheNulUpToAddrlen) {
  // "@hello" and 'Z's that addrlen (2 + 1 + 5) leaves out.
  std::string bytes("\1\0\0helloZZZZZZZZZZZZZZZZ", 24);
  decoder.decode(connect_event(bytes, 8, "ZZZZ"), out);
  EXPECT_EQ(arg("uservaddr").family, "AF_UNIX");
  EXPECT_TRUE(arg("uservaddr").abstract);
  EXPECT_EQ(arg("uservaddr").path, "hello");
  EXPECT_FALSE(arg("uservaddr").truncated);
}

TEST_F(Decoder, AbstractUnixNameKeepsANulInside) {
  std::string bytes("\1\0\0he\0lloZZZZZZZZZZZZZZZ", 24);
  decoder.decode(connect_event(bytes, 9, ""), out);
  EXPECT_TRUE(arg("uservaddr").abstract);
  EXPECT_EQ(arg("uservaddr").path, std::string("he\0llo", 6));
}

TEST_F(Decoder, AbstractUnixNameLongerThanTheWordsTakesTheString) {
  const std::string name = "sctrace-abstract-name-longer-than-21-bytes";
  std::string bytes = std::string("\1\0\0", 3) + name.substr(0, 21);
  decoder.decode(connect_event(bytes, 3 + name.size(), name.substr(21)), out);
  EXPECT_TRUE(arg("uservaddr").abstract);
  EXPECT_EQ(arg("uservaddr").path, name);
  EXPECT_FALSE(arg("uservaddr").truncated);
  // The string ended early (a NUL past the words): what was read, cut.
  decoder.decode(connect_event(bytes, 3 + name.size(), "abc"), out);
  EXPECT_EQ(arg("uservaddr").path, name.substr(0, 21) + "abc");
  EXPECT_TRUE(arg("uservaddr").truncated);
}

TEST_F(Decoder, UnixAddressOfOnlyTheFamilyIsUnnamed) {
  decoder.decode(connect_event(std::string("\1\0", 2), 2, ""), out);
  EXPECT_FALSE(arg("uservaddr").abstract);
  EXPECT_EQ(arg("uservaddr").path, "");
}

TEST_F(Decoder, UnfinishedCalls) {
  decoder.decode(raw(0, {}, 1, {""}, SyscallProbe::General,
                     static_cast<int>(gen::CallState::StartedBeforeTrace)),
                 out);
  EXPECT_EQ(out.unfinished, Unfinished::StartedBeforeTrace);
  EXPECT_EQ(*out.return_value, 1);
  EXPECT_TRUE(out.args.empty());
  EXPECT_EQ(out.extraction_errors,
            std::vector<std::string>{"args_unavailable"});

  decoder.decode(raw(231, {7}, 0, {""}, SyscallProbe::General,
                     static_cast<int>(gen::CallState::NeverReturned)),
                 out);
  EXPECT_EQ(out.syscall, "exit_group");
  EXPECT_EQ(out.unfinished, Unfinished::NeverReturned);
  EXPECT_FALSE(out.return_value.has_value());
  EXPECT_EQ(arg("error_code").number, 7);

  // The map bpftrace prints at exit: tid -> (start, nr, args...).
  auto call = events::parse_map_record(
      R"({"type": "map", "data": {"@sctrace_call": {"999999999": [500, 0, 5, 4096, 1, 0, 0, 0]}}})");
  ASSERT_TRUE(call.ok());
  auto records = std::vector<events::MapRecord>{*call};
  auto flight = decoder.in_flight(records, 1500, 1'000'000);
  ASSERT_EQ(flight.size(), 1u);
  EXPECT_EQ(flight[0].syscall, "read");
  EXPECT_EQ(flight[0].tid, 999999999u);
  EXPECT_EQ(flight[0].unfinished, Unfinished::RunningAtStop);
  EXPECT_EQ(*flight[0].duration_ns, 1000u);
  EXPECT_EQ(flight[0].timestamp_ns, 1'000'500u);
  EXPECT_FALSE(flight[0].return_value.has_value());
  // bpftrace may print the map twice (END, then its exit dump): one call.
  records.push_back(records.front());
  EXPECT_EQ(decoder.in_flight(records, 1500, 0).size(), 1u);
}

TEST_F(Decoder, UnknownNumbersAreNamedAndNeverCrash) {
  decoder.decode(raw(1234, {1, 2, 3, 4, 5, 6}, 0, {}), out);
  EXPECT_EQ(out.syscall, "syscall_1234");
  EXPECT_EQ(out.args.size(), 6u);
  events::TraceEvent empty;
  decoder.decode(empty, out); // no values at all
  EXPECT_EQ(out.syscall, "read");
}

// What EVENT decodes to with a fresh decoder into a fresh SyscallEvent.
SyscallEvent decoded_alone(const events::TraceEvent& event) {
  gen::BuiltinCatalog catalog;
  SyscallDecoder fresh(catalog, 40);
  SyscallEvent alone;
  fresh.decode(event, alone);
  return alone;
}

// GOT is WANT: the same JSON and every member of every argument.
void expect_same_event(const SyscallEvent& got, const SyscallEvent& want,
                       std::size_t i) {
  std::string got_json, want_json;
  append_event_json(got_json, got);
  append_event_json(want_json, want);
  EXPECT_EQ(got_json, want_json) << "event " << i;
  ASSERT_EQ(got.args.size(), want.args.size()) << "event " << i;
  for (std::size_t a = 0; a < got.args.size(); ++a) {
    const SyscallArg &x = got.args[a], &y = want.args[a];
    EXPECT_TRUE(x.name == y.name && x.kind == y.kind && x.number == y.number &&
                x.text == y.text && x.family == y.family &&
                x.address == y.address && x.port == y.port &&
                x.path == y.path && x.abstract == y.abstract &&
                x.truncated == y.truncated)
        << "event " << i << ", argument " << a;
  }
}

std::vector<events::TraceEvent> mixed_events() {
  std::int64_t in4 = 2 | (0x0900LL << 16) | (0x0100007fLL << 32);
  auto connect4 = raw(42, {3, 0x1000, 16}, -111, {""}, SyscallProbe::Sockaddr);
  connect4.ints.insert(connect4.ints.end(), {in4, 0, 0, 16});
  return {
      raw(257, {-100, 0x1000, 0101, 0640}, 3, {"/tmp/a-long-path-name.txt"}),
      connect4,
      raw(0, {3, 0x7fff0000, 4096}, 4096, {""}),
      raw(257, {-100, 0x1000, 0x80000, 0}, -2, {"/etc/x"}),
      raw(257, {-100, 0x1000, 0x80000, 0}, -14, {""}),
      raw(0, {3, 0x7fff0000, 4096}, 12, {""}),
      raw(0, {3, 0x7fff1000, 4096}, 12, {""}),
      raw(316, {-100, 0x1, -100, 0x2, 1}, 0, {"/a", "/b"},
          SyscallProbe::TwoStrings),
      raw(231, {7}, 0, {""}, SyscallProbe::General,
          static_cast<int>(gen::CallState::NeverReturned)),
      raw(0, {3, 0x7fff0000, 4096}, 1, {""}, SyscallProbe::General,
          static_cast<int>(gen::CallState::StartedBeforeTrace)),
      connect4,
      raw(257, {-100, 0x1000, 0101, 0640}, 3, {"/tmp/a-long-path-name.txt"}),
      raw(0, {3, 0x7fff1000, 4096}, 12, {""}),
  };
}

// The decoder reuses the event it decodes into (its arguments, their
// strings), keeps each syscall's last arguments aside while other
// syscalls are decoded, and remembers each argument's last decoding: a
// sequence of different events, each decoded into one reused
// SyscallEvent, gives exactly what a fresh decoder gives for that event
// alone.
TEST(DecoderReuse, each_event_as_if_decoded_alone) {
  const auto events = mixed_events();
  gen::BuiltinCatalog catalog;
  SyscallDecoder reused(catalog, 40);
  SyscallEvent out;
  for (std::size_t i = 0; i < events.size(); ++i) {
    reused.decode(events[i], out);
    expect_same_event(out, decoded_alone(events[i]), i);
  }
}

// The arguments a syscall's last event left (kept aside for its next
// event) reach no other event as they were: not when the caller decodes
// into two SyscallEvents in turn, nor when it changed an event's
// arguments (names, kinds, texts, sockaddr members) before the next.
TEST(DecoderReuse, kept_arguments_never_leak_between_events) {
  const auto events = mixed_events();
  gen::BuiltinCatalog catalog;
  SyscallDecoder reused(catalog, 40);
  SyscallEvent outs[2];
  for (std::size_t i = 0; i < events.size(); ++i) {
    SyscallEvent& out = outs[i % 2];
    reused.decode(events[i], out);
    expect_same_event(out, decoded_alone(events[i]), i);
    for (auto& a : out.args) {
      a.name = "tampered";
      a.kind = SyscallArg::Kind::Sockaddr;
      a.number = 99;
      a.text = "junk";
      a.family = "AF_INET";
      a.port = 1;
      a.truncated = true;
    }
  }
}

} // namespace
} // namespace sctrace::syscalls
