// strace's time columns in `sctrace syscalls`' text output (-t, -tt, -ttt,
// -r) and the durations (-T, on by default; --no-T), on a command with 7
// known getppid calls (workload counts), checked against the wall clock
// around the run and against strace's own lines.
#include <ctime>

#include "syscalls_live_util.h"

namespace sctrace::live {
namespace {

constexpr int kGetppid = 7; // workload counts

// Lines of `sctrace syscalls OPTIONS -e trace=getppid -- workload counts`,
// with the wall clock (ns) just before and after the run.
struct TextRun {
  std::vector<std::string> lines; // the getppid lines
  std::string exit_line;          // the last: "... +++ exited with 0 +++"
  std::uint64_t before_ns = 0, after_ns = 0;
};

std::uint64_t realtime_ns() {
  timespec t{};
  ::clock_gettime(CLOCK_REALTIME, &t);
  return static_cast<std::uint64_t>(t.tv_sec) * 1'000'000'000ULL +
         static_cast<std::uint64_t>(t.tv_nsec);
}

TextRun text_run(const std::vector<std::string>& options) {
  TempDir dir;
  TextRun run;
  std::string out = dir.file("events.txt");
  run.before_ns = realtime_ns();
  auto r = sctrace(sc::concat(sc::concat({"syscalls"}, options),
                              {"-e", "trace=getppid", "-o", out, "--",
                               workload_bin(), "counts"}),
                   120);
  run.after_ns = realtime_ns();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(read_file(out));
  std::string line;
  while (std::getline(in, line))
    run.lines.push_back(line);
  // The command's exit comes last, with the same time columns (strace's
  // "+++ exited with 0 +++").
  if (!run.lines.empty() &&
      run.lines.back().find(" +++") != std::string::npos) {
    run.exit_line = run.lines.back();
    run.lines.pop_back();
  }
  return run;
}

// Microseconds since the epoch from "SEC.USEC".
std::int64_t micros(const std::string& sec, const std::string& usec) {
  return std::stoll(sec) * 1'000'000 + std::stoll(usec);
}

TEST(LiveSyscallsTextTime, ttt_and_r_are_the_entry_and_the_gap_above) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  auto run = text_run({"-ttt", "-r"});
  ASSERT_EQ(run.lines.size(), static_cast<std::size_t>(kGetppid));
  static const std::regex line(
      R"(^(\d+)\.(\d{6}) \(\+ +(\d+)\.(\d{6})\) getppid\(\) = \d+ <\d+\.\d{6}>$)");
  std::int64_t previous = 0;
  for (std::size_t i = 0; i < run.lines.size(); ++i) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(run.lines[i], m, line)) << run.lines[i];
    const std::int64_t at = micros(m[1], m[2]);
    const std::int64_t gap = micros(m[3], m[4]);
    EXPECT_GE(at, static_cast<std::int64_t>(run.before_ns / 1000));
    EXPECT_LE(at, static_cast<std::int64_t>(run.after_ns / 1000));
    // Both are cut to microseconds: the gap is within 1 us of the
    // difference of the printed times.
    const std::int64_t expected = i == 0 ? 0 : at - previous;
    EXPECT_LE(std::abs(gap - expected), 1) << run.lines[i];
    previous = at;
  }
  static const std::regex exit_line(
      R"(^\d+\.\d{6} \(\+ +\d+\.\d{6}\) \+\+\+ exited with 0 \+\+\+$)");
  EXPECT_TRUE(std::regex_match(run.exit_line, exit_line)) << run.exit_line;
}

TEST(LiveSyscallsTextTime, tt_is_the_local_time_with_microseconds) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  auto run = text_run({"-tt"});
  ASSERT_EQ(run.lines.size(), static_cast<std::size_t>(kGetppid));
  static const std::regex line(
      R"(^(\d\d):(\d\d):(\d\d)\.\d{6} getppid\(\) = \d+ <\d+\.\d{6}>$)");
  // Seconds of the local day at the start and end of the run.
  auto local_seconds = [](std::uint64_t ns) {
    std::time_t t = static_cast<std::time_t>(ns / 1'000'000'000ULL);
    std::tm tm{};
    ::localtime_r(&t, &tm);
    return tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
  };
  const int from = local_seconds(run.before_ns),
            to = local_seconds(run.after_ns);
  for (const auto& l : run.lines) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(l, m, line)) << l;
    const int s =
        std::stoi(m[1]) * 3600 + std::stoi(m[2]) * 60 + std::stoi(m[3]);
    if (from <= to) { // (not across midnight)
      EXPECT_GE(s, from) << l;
      EXPECT_LE(s, to) << l;
    }
  }
  static const std::regex exit_line(
      R"(^\d\d:\d\d:\d\d\.\d{6} \+\+\+ exited with 0 \+\+\+$)");
  EXPECT_TRUE(std::regex_match(run.exit_line, exit_line)) << run.exit_line;
}

TEST(LiveSyscallsTextTime, t_r_and_no_t_have_stracess_forms) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  auto t = text_run({"-t", "--no-T"});
  ASSERT_EQ(t.lines.size(), static_cast<std::size_t>(kGetppid));
  static const std::regex t_line(R"(^\d\d:\d\d:\d\d getppid\(\) = \d+$)");
  for (const auto& l : t.lines)
    EXPECT_TRUE(std::regex_match(l, t_line)) << l;
  static const std::regex t_exit(
      R"(^\d\d:\d\d:\d\d \+\+\+ exited with 0 \+\+\+$)");
  EXPECT_TRUE(std::regex_match(t.exit_line, t_exit)) << t.exit_line;
  auto r = text_run({"-r", "-T"});
  ASSERT_EQ(r.lines.size(), static_cast<std::size_t>(kGetppid));
  static const std::regex r_line(
      R"(^ {5}\d\.\d{6} getppid\(\) = \d+ <\d+\.\d{6}>$)");
  for (const auto& l : r.lines)
    EXPECT_TRUE(std::regex_match(l, r_line)) << l;
  EXPECT_TRUE(r.lines[0].starts_with("     0.000000 ")) << r.lines[0];
  // strace's own lines have the same columns (it pads before " = ", and
  // -f puts the pid first).
  TempDir dir;
  std::string s = sc::strace_output(dir, {"-r", "-e", "trace=getppid"},
                                    {workload_bin(), "counts"});
  static const std::regex strace_line(
      R"(^(?:\d+ +)? {5}\d\.\d{6} getppid\(\) +=)");
  int matched = 0;
  std::istringstream in(s);
  std::string l;
  while (std::getline(in, l))
    matched += std::regex_search(l, strace_line);
  // (strace -f -o FILE prefixes the pid: "4242       0.000012 ...".)
  EXPECT_EQ(matched, kGetppid) << s;
}

TEST(LiveSyscallsTextTime, time_options_with_another_format_are_refused) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  auto r =
      sctrace({"syscalls", "-tt", "--format", "jsonl", "--", "/bin/true"}, 60);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("shape the text output"), std::string::npos) << r.err;
}

} // namespace
} // namespace sctrace::live
