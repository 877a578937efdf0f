#include "modes/compare/clip.h"

#include <gtest/gtest.h>

namespace sctrace::compare {
namespace {

// 2026-11-22T04:01:00Z, the second of every event below.
constexpr const char* kSecond = "1795320060";

// An event of thread `tid` entering `syscall` at 04:01:00 + micros µs.
std::string event(std::uint32_t tid, int micros, const std::string& syscall) {
  char frac[16];
  std::snprintf(frac, sizeof frac, "%06d000", micros);
  return R"({"timestamp":"2026-11-22T04:01:00.)" + std::string(frac) +
         R"(Z","pid":)" + std::to_string(tid) + R"(,"tid":)" +
         std::to_string(tid) + R"(,"comm":"x","syscall":")" + syscall +
         R"(","nr":0,"args":{},"return_value":0,"duration_ns":1,)"
         R"("duration_us":0,"error":null,"unfinished":null})"
         "\n";
}

// strace's line for the same, stamped `micros` µs into the second.
std::string line(std::uint32_t tid, int micros, const std::string& syscall) {
  char t[32];
  std::snprintf(t, sizeof t, "%s.%06d", kSecond, micros);
  return std::to_string(tid) + " " + t + " " + syscall + "() = 0 <0.000001>\n";
}

SctraceLog sctrace(const std::string& text) {
  auto log = parse_sctrace_jsonl(text + R"({"summary":{}})" + "\n");
  EXPECT_TRUE(log.ok()) << log.error().message;
  return log.ok() ? *log : SctraceLog{};
}

std::int64_t at(int micros) {
  return 1795320060LL * 1'000'000'000 + micros * 1000LL;
}

std::vector<std::string> names(const SctraceLog& log) {
  std::vector<std::string> out;
  for (const auto& c : log.calls)
    out.push_back(c.syscall + "@" + std::to_string(c.tid));
  return out;
}

TEST(CompareClip, a_thread_strace_saw_keeps_the_calls_between_its_anchors) {
  // sctrace saw thread 10 from 100 µs; strace attached at about 300 µs.
  // strace stamps each call while the thread is stopped at entry, before
  // the kernel fires the tracepoint sctrace records.
  SctraceLog s = sctrace(event(10, 100, "read") + event(10, 200, "write") +
                         event(10, 310, "read") + event(10, 420, "write") +
                         event(10, 530, "read") + event(10, 600, "write"));
  StraceLog t = parse_strace_log(
      line(10, 300, "read") + line(10, 410, "write") + line(10, 520, "read"));
  Clipped c = clip_to_strace(s, t, {at(250), at(550)});
  EXPECT_EQ(names(c.log),
            (std::vector<std::string>{"read@10", "write@10", "read@10"}));
  EXPECT_EQ(c.clipped, 3u);
  EXPECT_TRUE(c.log.has_summary);
}

TEST(CompareClip, the_anchor_is_the_same_syscall_not_the_nearest_call) {
  // strace's first call is a restart_syscall: the clock_nanosleep that
  // sctrace saw end with ERESTART_RESTARTBLOCK just before is left out.
  SctraceLog s =
      sctrace(event(10, 299, "clock_nanosleep") +
              event(10, 310, "restart_syscall") + event(10, 330, "getppid"));
  StraceLog t = parse_strace_log(line(10, 300, "restart_syscall") +
                                 line(10, 320, "getppid"));
  Clipped c = clip_to_strace(s, t, {at(50), at(900)});
  EXPECT_EQ(names(c.log),
            (std::vector<std::string>{"restart_syscall@10", "getppid@10"}));
}

TEST(CompareClip, a_call_before_the_slack_is_not_an_anchor) {
  // Two reads a microsecond apart just before strace attached: only
  // calls from strace's stamp minus the clocks' error on are its.
  SctraceLog s = sctrace(event(10, 100, "read") + event(10, 101, "read") +
                         event(10, 140, "read"));
  StraceLog t = parse_strace_log(line(10, 120, "read"));
  Clipped c = clip_to_strace(s, t, {at(0), at(1000)});
  EXPECT_EQ(names(c.log), (std::vector<std::string>{"read@10"}));
  EXPECT_EQ(c.log.calls[0].time_ns, at(140));
  EXPECT_EQ(c.clipped, 2u);
}

TEST(CompareClip, threads_strace_did_not_see_keep_the_window) {
  SctraceLog s = sctrace(event(10, 110, "read") + event(11, 200, "read") +
                         event(11, 400, "read") + event(11, 700, "read"));
  StraceLog t = parse_strace_log(line(10, 105, "read"));
  Clipped c = clip_to_strace(s, t, {at(300), at(600)});
  EXPECT_EQ(names(c.log), (std::vector<std::string>{"read@10", "read@11"}));
  EXPECT_EQ(c.log.calls[1].time_ns, at(400));
}

TEST(CompareClip, without_an_anchor_a_thread_uses_the_window) {
  // strace's only call of thread 10 is one sctrace does not have.
  SctraceLog s = sctrace(event(10, 100, "read") + event(10, 400, "write"));
  StraceLog t = parse_strace_log(line(10, 350, "getpid"));
  Clipped c = clip_to_strace(s, t, {at(300), at(500)});
  EXPECT_EQ(names(c.log), (std::vector<std::string>{"write@10"}));
}

} // namespace
} // namespace sctrace::compare
