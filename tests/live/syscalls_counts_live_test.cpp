// `sctrace syscalls -- CMD` counts every syscall exactly as strace does.
//
// The reference is `strace -f -c -U name,calls,errors`, run on the same
// command with the same environment. One known difference is excluded:
// strace -c counts a call when it returns, so exit_group, which never
// returns, is not in its table; sctrace reports it as an event with
// unfinished == "never_returned". Everything else, execve included, must
// be equal: calls and errors, syscall by syscall. (sctrace's own start-up
// of the command, the read() its child waits in before execve, is not
// the command's and is not reported; strace does not see its own
// start-up either.)
#include <sys/stat.h>

#include <fstream>

#include "syscalls_live_util.h"

namespace sctrace::live {
namespace {

using sc::Counts;

// Runs CMD under strace -c and under sctrace, and compares. Keeps
// sctrace's output in *keep when asked.
void expect_counts_equal_strace(const std::vector<std::string>& cmd,
                                JsonlOutput* keep = nullptr) {
  TempDir dir;
  std::string strace_out = dir.file("strace.txt");
  std::vector<std::string> strace_argv = {
      sc::kStrace,         "-f", "-c",       "-U",
      "name,calls,errors", "-o", strace_out, "--"};
  auto s = run(sc::concat(strace_argv, cmd), 60);
  ASSERT_EQ(s.exit_code, 0) << s.err;
  Counts expected = sc::parse_strace_c(read_file(strace_out));
  ASSERT_FALSE(expected.empty()) << read_file(strace_out);

  std::string out = dir.file("events.jsonl");
  auto r = sctrace(
      sc::concat({"syscalls", "--format", "jsonl", "-o", out, "--"}, cmd), 60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  ASSERT_EQ(o.summary["tool_stats"]["events_dropped"], 0) << r.err;
  Counts got = sc::per_syscall(o.summary);
  // The summary agrees with the events it summarizes.
  EXPECT_EQ(sc::count_events(o.events), got);
  EXPECT_EQ(o.summary["total_events"].get<std::size_t>(), o.events.size());

  // exit_group: exactly one, never returned (strace -c cannot count it).
  std::size_t exit_groups = 0;
  for (const auto& e : o.events)
    if (e["syscall"] == "exit_group") {
      ++exit_groups;
      EXPECT_EQ(e["unfinished"], "never_returned") << e;
      EXPECT_TRUE(e["return_value"].is_null()) << e;
    }
  EXPECT_EQ(exit_groups, 1u);
  EXPECT_EQ(got.erase("exit_group"), 1u);
  EXPECT_EQ(expected.count("exit_group"), 0u);
  EXPECT_EQ(got, expected) << "sctrace:\n" << got << "strace -c:\n" << expected;
  if (keep)
    *keep = std::move(o);
}

TEST(LiveSyscallsCounts, workload_with_known_calls_matches_strace) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  JsonlOutput o;
  expect_counts_equal_strace({workload_bin(), "counts"}, &o);
  // And the calls the workload makes on purpose are there, exactly.
  std::size_t hostname = 0, missing = 0, getppid = 0, one_byte_writes = 0;
  for (const auto& e : o.events) {
    const auto& a = e["args"];
    if (e["syscall"] == "openat" && a["filename"] == "/etc/hostname")
      ++hostname;
    if (e["syscall"] == "openat" &&
        a["filename"] == "/nonexistent/sctrace-test") {
      ++missing;
      EXPECT_EQ(e["error"]["name"], "ENOENT");
    }
    if (e["syscall"] == "getppid")
      ++getppid;
    if (e["syscall"] == "write" && a["fd"] == 1 && a["count"] == 1)
      ++one_byte_writes;
  }
  EXPECT_EQ(hostname, 4u);
  EXPECT_EQ(missing, 3u);
  EXPECT_EQ(getppid, 7u);
  EXPECT_EQ(one_byte_writes, 5u);
}

TEST(LiveSyscallsCounts, dd_5000_one_byte_blocks_matches_strace) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  expect_counts_equal_strace(
      {"/usr/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=5000"});
}

TEST(LiveSyscallsCounts, ls_la_of_a_fixed_directory_matches_strace) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  std::string d = dir.file("listed");
  ASSERT_EQ(::mkdir(d.c_str(), 0755), 0);
  ASSERT_EQ(::mkdir((d + "/subdir").c_str(), 0755), 0);
  for (const char* name : {"alpha", "beta.txt", "gamma with space"})
    std::ofstream(d + "/" + name) << name << "\n";
  ASSERT_EQ(::symlink("alpha", (d + "/link").c_str()), 0);
  expect_counts_equal_strace({"/usr/bin/ls", "-la", d});
}

TEST(LiveSyscallsCounts, signal_handler_return_matches_strace) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  // The shell catches SIGUSR1 with a handler, so the kernel returns from
  // it through rt_sigreturn, which strace counts as such. (At its exit
  // the kernel has reset the syscall number register to -1.)
  JsonlOutput o;
  expect_counts_equal_strace({"/bin/sh", "-c", "trap true USR1; kill -USR1 $$"},
                             &o);
  std::size_t sigreturns = 0;
  for (const auto& e : o.events) {
    EXPECT_GE(e["nr"].get<int>(), 0) << e;
    if (e["syscall"] == "rt_sigreturn") {
      ++sigreturns;
      EXPECT_EQ(e["nr"], 15);
      EXPECT_TRUE(e["unfinished"].is_null()) << e;
    }
  }
  EXPECT_EQ(sigreturns, 1u);
}

} // namespace
} // namespace sctrace::live
