// `sctrace syscalls` decodes AF_UNIX abstract socket addresses as strace
// does (sun_path=@"hello"), with the name's length from addrlen (or
// *addrlen for getsockname): a NUL inside the name, bytes after it that
// addrlen excludes, and names longer than the 21 bytes the program reads
// as words.
#include <regex>
#include <sstream>

#include "syscalls_live_util.h"

namespace sctrace::live {
namespace {

// "bind {sa_family=AF_UNIX, sun_path=@\"hello\"}" for each bind, connect
// and getsockname line naming an AF_UNIX address.
std::vector<std::string> unix_addresses(const std::string& text) {
  static const std::regex call(
      R"(^(?:\d+ +|\[pid +\d+\] )?(bind|connect|getsockname)\(\d+, )"
      R"((\{sa_family=AF_UNIX[^}]*\}))");
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, call))
      out.push_back(m[1].str() + " " + m[2].str());
  }
  return out;
}

const std::vector<std::string> kSelection = {"-e",
                                             "trace=bind,connect,getsockname"};

TEST(LiveSyscallsSockets, abstract_unix_addresses_read_as_strace_shows_them) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  std::vector<std::string> cmd = {workload_bin(), "abstract_sockets"};
  auto expected = unix_addresses(sc::strace_output(dir, kSelection, cmd));
  auto r = sctrace(
      sc::concat(sc::concat({"syscalls", "--format", "text"}, kSelection),
                 sc::concat({"--"}, cmd)),
      60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto got = unix_addresses(r.out);
  const std::string hello = "{sa_family=AF_UNIX, sun_path=@\"hello\"}";
  const std::string longer = "{sa_family=AF_UNIX, sun_path=@\"sctrace-"
                             "abstract-name-longer-than-21-bytes\"}";
  ASSERT_EQ(expected.size(), 5u) << r.out;
  EXPECT_EQ(expected[0], "bind " + hello);
  // strace writes the NUL inside a name \0; sctrace escapes every byte
  // as it does in paths: \x00.
  EXPECT_EQ(expected[3], "bind {sa_family=AF_UNIX, sun_path=@\"he\\0llo\"}");
  std::vector<std::string> want = expected;
  want[3] = "bind {sa_family=AF_UNIX, sun_path=@\"he\\x00llo\"}";
  EXPECT_EQ(got, want) << "sctrace:\n" << r.out;
  EXPECT_EQ(got.at(4), "bind " + longer);
}

TEST(LiveSyscallsSockets, abstract_unix_addresses_in_json_say_abstract) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  auto r = sctrace(
      sc::concat(sc::concat({"syscalls", "--format", "jsonl"}, kSelection),
                 {"--", workload_bin(), "abstract_sockets"}),
      60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<nlohmann::json> addrs;
  for (const auto& e : parse_jsonl(r.out).events)
    for (const char* name : {"umyaddr", "uservaddr", "usockaddr"})
      if (e["args"].contains(name) && e["args"][name]["family"] == "AF_UNIX")
        addrs.push_back(e["args"][name]);
  ASSERT_EQ(addrs.size(), 5u) << r.out;
  for (const auto& a : addrs)
    EXPECT_EQ(a["abstract"], true) << a;
  EXPECT_EQ(addrs[0]["path"], "hello");
  EXPECT_EQ(addrs[1]["path"], "hello"); // connect
  EXPECT_EQ(addrs[2]["path"], "hello"); // getsockname: *addrlen at exit
  EXPECT_EQ(addrs[3]["path"], std::string("he\0llo", 6));
  EXPECT_EQ(addrs[4]["path"], "sctrace-abstract-name-longer-than-21-bytes");
}

// sendto and recvfrom without an address (send and recv are those) show
// "addr": null, and with one its address, with exact counts: the program
// prints a call without an address without reading a string (str() of
// NULL costs a fault).
TEST(LiveSyscallsSockets, calls_without_an_address_show_null) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  auto r =
      sctrace({"syscalls", "--format", "jsonl", "-e", "trace=sendto,recvfrom",
               "--", workload_bin(), "datagrams", "50"},
              60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int to_addr = 0, to_null = 0, from_null = 0, other = 0;
  for (const auto& e : parse_jsonl(r.out).events) {
    const auto& args = e["args"];
    EXPECT_EQ(e["return_value"], 1) << e;
    EXPECT_FALSE(args.contains("extraction_errors")) << e;
    const bool null = args["addr"].is_null();
    if (e["syscall"] == "sendto" && null)
      ++to_null;
    else if (e["syscall"] == "sendto" &&
             args["addr"]["path"] == "sctrace-dgram")
      ++to_addr;
    else if (e["syscall"] == "recvfrom" && null)
      ++from_null;
    else
      ++other;
  }
  EXPECT_EQ(to_addr, 50) << r.out;
  EXPECT_EQ(to_null, 50);
  EXPECT_EQ(from_null, 100);
  EXPECT_EQ(other, 0);
}

} // namespace
} // namespace sctrace::live
