// Selection and filters of `sctrace syscalls`, against strace:
//   -e trace=%file, -e trace=open* and -e trace=!read select the calls
//     strace selects with the same expression, call for call. strace 6.1
//     has no globs, so open* is compared with its regex spelling /^open.
//   -z / -Z keep the calls strace -z / -Z keep (successful / failed).
//   --min-duration keeps only calls at least that long.
#include <sys/stat.h>

#include "syscalls_live_util.h"

namespace sctrace::live {
namespace {

using Calls = std::map<std::string, std::uint64_t>;

std::string str(const Calls& c) {
  std::string s;
  for (const auto& [name, n] : c)
    s += "  " + name + " " + std::to_string(n) + "\n";
  return s;
}

// Calls per syscall of CMD (with DIR as last argument, a fresh directory
// for each run) under strace STRACE_OPTIONS and sctrace SCTRACE_OPTIONS.
void expect_same_calls(const std::vector<std::string>& strace_options,
                       const std::vector<std::string>& sctrace_options,
                       std::vector<std::string> cmd, bool needs_dir) {
  TempDir dir;
  std::string d1 = dir.file("strace"), d2 = dir.file("sctrace");
  ASSERT_EQ(::mkdir(d1.c_str(), 0755), 0);
  ASSERT_EQ(::mkdir(d2.c_str(), 0755), 0);
  auto with_dir = [&](const std::string& d) {
    auto c = cmd;
    if (needs_dir)
      c.push_back(d);
    return c;
  };
  Calls expected = sc::parse_strace_lines(
      sc::strace_output(dir, strace_options, with_dir(d1)));
  ASSERT_FALSE(expected.empty());
  std::string out = dir.file("events.jsonl");
  auto r = sctrace(sc::concat(sc::concat({"syscalls"}, sctrace_options),
                              sc::concat({"--format", "jsonl", "-o", out, "--"},
                                         with_dir(d2))),
                   60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  Calls got = sc::calls_only(sc::count_events(o.events));
  EXPECT_EQ(got, expected) << "sctrace " << sctrace_options.back() << ":\n"
                           << str(got) << "strace " << strace_options.back()
                           << ":\n"
                           << str(expected);
}

TEST(LiveSyscallsSelection, class_file_selects_what_strace_selects) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  expect_same_calls({"-e", "trace=%file"}, {"-e", "trace=%file"},
                    {workload_bin(), "files"}, true);
}

TEST(LiveSyscallsSelection, glob_open_star_selects_what_strace_regex_selects) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  // The workload calls open, openat and openat2.
  expect_same_calls({"-e", "trace=/^open"}, {"-e", "trace=open*"},
                    {workload_bin(), "files"}, true);
}

TEST(LiveSyscallsSelection, negation_selects_what_strace_selects) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  expect_same_calls({"-e", "trace=!read"}, {"-e", "trace=!read"},
                    {workload_bin(), "files"}, true);
}

// ---- -z / -Z ----------------------------------------------------------------

TEST(LiveSyscallsFilters, z_and_Z_on_openat_match_strace) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  // 3 x ENOENT and 3 x EISDIR, and the dynamic loader's successful opens.
  expect_same_calls({"-e", "trace=openat", "-z"}, {"-e", "trace=openat", "-z"},
                    {workload_bin(), "fail_open", "3"}, false);
  expect_same_calls({"-e", "trace=openat", "-Z"}, {"-e", "trace=openat", "-Z"},
                    {workload_bin(), "fail_open", "3"}, false);
}

// Every event of `sctrace syscalls OPTION -- workload fail_open 3`, and
// the check that they are the calls strace OPTION shows.
std::vector<nlohmann::json> filtered_events(const std::string& option) {
  TempDir dir;
  std::vector<std::string> cmd = {workload_bin(), "fail_open", "3"};
  Calls expected =
      sc::parse_strace_lines(sc::strace_output(dir, {option}, cmd));
  std::string out = dir.file("events.jsonl");
  auto r = sctrace(
      sc::concat({"syscalls", option, "--format", "jsonl", "-o", out, "--"},
                 cmd),
      60);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  Calls got = sc::calls_only(sc::count_events(o.events));
  EXPECT_EQ(got, expected) << "sctrace " << option << ":\n"
                           << str(got) << "strace " << option << ":\n"
                           << str(expected);
  return o.events;
}

TEST(LiveSyscallsFilters, z_keeps_only_successful_calls) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  auto events = filtered_events("-z");
  ASSERT_FALSE(events.empty());
  for (const auto& e : events) {
    EXPECT_TRUE(e["error"].is_null()) << e;
    // A successful call has a result (exit_group never returns: it did
    // not succeed, and strace -z does not show it).
    EXPECT_TRUE(e["return_value"].is_number_integer()) << e;
    EXPECT_TRUE(e["unfinished"].is_null()) << e;
  }
}

TEST(LiveSyscallsFilters, Z_keeps_only_failed_calls) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  auto events = filtered_events("-Z");
  std::size_t enoent = 0, eisdir = 0;
  for (const auto& e : events) {
    ASSERT_TRUE(e["error"].is_object()) << "not a failed call: " << e;
    EXPECT_LT(e["return_value"].get<long>(), 0) << e;
    enoent += e["error"]["name"] == "ENOENT" && e["syscall"] == "openat";
    eisdir += e["error"]["name"] == "EISDIR";
  }
  EXPECT_EQ(enoent, 3u);
  EXPECT_EQ(eisdir, 3u);
}

// ---- --min-duration
// -----------------------------------------------------------

TEST(LiveSyscallsFilters, min_duration_keeps_only_long_calls) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  // The workload sleeps 2 x 100 ms and 3 x 1 ms (clock_nanosleep) and
  // makes ~60 quick calls; only the two long sleeps last 40 ms or more.
  TempDir dir;
  std::string out = dir.file("events.jsonl");
  auto r = sctrace({"syscalls", "--min-duration", "40ms", "--format", "jsonl",
                    "-o", out, "--", workload_bin(), "sleeps"},
                   60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  EXPECT_EQ(o.events.size(), 2u) << nlohmann::json(o.events).dump(1);
  for (const auto& e : o.events) {
    if (e["syscall"] != "clock_nanosleep") {
      ADD_FAILURE() << "not a call of 40 ms or more: " << e;
      continue;
    }
    EXPECT_EQ(e["return_value"], 0) << e;
    EXPECT_GE(e["duration_ns"].get<std::uint64_t>(), 100'000'000u) << e;
    EXPECT_EQ(e["args"]["rqtp"].is_string(), true) << e;
  }
  EXPECT_EQ(o.summary["total_events"], 2);

  // Without the filter, the three short sleeps are there too.
  r = sctrace({"syscalls", "-e", "trace=clock_nanosleep", "--format", "jsonl",
               "-o", out, "--", workload_bin(), "sleeps"},
              60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  o = parse_jsonl(read_file(out));
  ASSERT_EQ(o.events.size(), 5u);
  std::size_t short_ones = 0;
  for (const auto& e : o.events)
    short_ones += e["duration_ns"].get<std::uint64_t>() < 40'000'000u;
  EXPECT_EQ(short_ones, 3u);
}

} // namespace
} // namespace sctrace::live
