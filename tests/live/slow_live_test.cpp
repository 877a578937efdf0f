// `sctrace slow` against the real kernel: only calls over their threshold
// are reported, with the path their fd refers to; the rest are counted.
#include "stats_live_util.h"

namespace sctrace::live {
namespace {

using sc::Counts;

JsonlOutput slow_jsonl(const std::vector<std::string>& args,
                       const std::vector<std::string>& cmd) {
  TempDir dir;
  std::string out = dir.file("out.jsonl");
  auto r = sctrace(
      sc::concat(sc::concat({"slow"}, args),
                 sc::concat({"--format", "jsonl", "-o", out, "--"}, cmd)));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return parse_jsonl(read_file(out));
}

TEST(LiveSlow, per_syscall_threshold_reports_the_slow_read_with_its_path) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  std::string fifo = dir.file("slow.fifo");
  std::vector<std::string> cmd = {workload_bin(), "slow_fifo", fifo};
  auto o = slow_jsonl({"--threshold", "read=30ms"}, cmd);
  // Exactly one read is slow: the FIFO read of up to 300ms.
  ASSERT_EQ(o.events.size(), 1u) << o.summary;
  const auto& e = o.events[0];
  EXPECT_EQ(e["syscall"], "read");
  EXPECT_EQ(e["return_value"], 1);
  EXPECT_GE(e["duration_ns"].get<std::uint64_t>(), 100'000'000u);
  EXPECT_LT(e["duration_ns"].get<std::uint64_t>(), 1'000'000'000u);
  EXPECT_EQ(e["fd_paths"]["fd"], fifo) << e;
  // The other reads were counted in the kernel, not reported: as many as
  // strace sees, minus the slow one.
  Counts strace =
      st::strace_counts({workload_bin(), "slow_fifo", dir.file("strace.fifo")});
  const auto& slow = o.summary["slow"];
  EXPECT_EQ(slow["thresholds_ns"]["read"], 30'000'000);
  EXPECT_TRUE(slow["default_threshold_ns"].is_null());
  EXPECT_EQ(slow["fast_by_syscall"]["read"].get<std::uint64_t>() + 1,
            strace["read"].calls)
      << slow;
  // Only read is watched.
  EXPECT_EQ(slow["fast_by_syscall"].size(), 1u) << slow;
}

TEST(LiveSlow, global_threshold_reports_every_call_over_it_and_no_other) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  // workload latency: nanosleep 20, 20, 150ms; a 60ms pipe read; a child
  // sleeping 60ms (clock_nanosleep), and the wait4 for it (short: the
  // child exits right after the write the read waited for).
  std::vector<std::string> cmd = {workload_bin(), "latency"};
  auto o = slow_jsonl({"--threshold", "40ms"}, cmd);
  std::multiset<std::string> names;
  for (const auto& e : o.events) {
    names.insert(e["syscall"].get<std::string>());
    EXPECT_GE(e["duration_ns"].get<std::uint64_t>(), 40'000'000u) << e;
  }
  EXPECT_EQ(names.count("nanosleep"), 1u); // the 150ms one, not the 20ms
  EXPECT_EQ(names.count("read"), 1u);
  EXPECT_EQ(names.count("clock_nanosleep"), 1u);
  // Every call is either reported or counted as fast: together they are
  // strace's count (exit_group never returns: neither counts it).
  Counts strace = st::strace_counts(cmd);
  std::uint64_t all = 0;
  for (const auto& [n, c] : strace)
    all += c.calls;
  EXPECT_EQ(o.summary["slow"]["fast_calls"].get<std::uint64_t>() +
                o.events.size(),
            all)
      << o.summary;
}

// Threads whose first getppid lands at one moment: on bpftrace 0.23 the
// CPU that loses the race to create the fast-call count's key would have
// its count dropped. Every call under the threshold is counted.
TEST(LiveSlow, threads_starting_together_lose_no_fast_call) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  for (int i = 0; i < 5; ++i) {
    auto o = slow_jsonl({"--threshold", "getppid=10s"},
                        {workload_bin(), "burst_together", "2", "1000"});
    EXPECT_TRUE(o.events.empty()) << o.summary;
    EXPECT_EQ(o.summary["slow"]["fast_by_syscall"]["getppid"], 2000)
        << o.summary["slow"];
  }
}

TEST(LiveSlow, text_output_shows_the_call_and_its_fd) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  std::string fifo = dir.file("slow.fifo");
  auto r = sctrace({"slow", "--threshold", "read=30ms", "--", workload_bin(),
                    "slow_fifo", fifo});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(SLOW SYSCALL: read\(\) took \d+\.\dms = 1\n)")))
      << r.out;
  EXPECT_TRUE(
      std::regex_search(r.out, std::regex("\n  fd=\\d+ \\(" + fifo + "\\)\n")))
      << r.out;
  EXPECT_NE(r.out.find("COMM: sctrace_workloa"), std::string::npos) << r.out;
}

TEST(LiveSlow, stack_shows_where_the_slow_call_was_made) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  std::string fifo = dir.file("slow.fifo");
  auto o = slow_jsonl({"--threshold", "read=30ms", "--stack"},
                      {workload_bin(), "slow_fifo", fifo});
  ASSERT_EQ(o.events.size(), 1u) << o.summary;
  // The innermost frame is libc's read wrapper (symbolised by bpftrace
  // while the process still runs; libc has no frame pointers, so the walk
  // may stop there).
  const auto& stack = o.events[0]["user_stack"];
  ASSERT_TRUE(stack.is_array() && !stack.empty()) << o.events[0];
  EXPECT_TRUE(std::regex_search(stack[0].get<std::string>(),
                                std::regex(R"(^\s*(__libc_)?read\+\d+)")))
      << stack;
  // Without --stack, no stack.
  auto plain = slow_jsonl({"--threshold", "read=30ms"},
                          {workload_bin(), "slow_fifo", dir.file("b.fifo")});
  ASSERT_EQ(plain.events.size(), 1u) << plain.summary;
  EXPECT_FALSE(plain.events[0].contains("user_stack"));
}

TEST(LiveSlow, bad_thresholds_are_refused_with_a_reason) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  auto r = sctrace({"slow", "--threshold", "raed=10ms", "--", "/bin/true"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown syscall 'raed'; did you mean read?"),
            std::string::npos)
      << r.err;
  r = sctrace({"slow", "--threshold", "10 parsecs", "--", "/bin/true"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("write a number with ns, us, ms or s"),
            std::string::npos)
      << r.err;
}

} // namespace
} // namespace sctrace::live
