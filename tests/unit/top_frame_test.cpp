// The frames of `sctrace top`: they fit any terminal size exactly, keep
// the key hint, degrade on small terminals, and show kernel text escaped.
#include "top/frame.h"

#include <gtest/gtest.h>

#include "top/model.h"
#include "top/text.h"
#include "top_fixtures.h"

namespace sctrace::top {
namespace {

using test::Series;

void expect_fits(const Frame& f, std::size_t width, std::size_t height) {
  EXPECT_EQ(f.lines.size(), height);
  for (const Line& l : f.lines) {
    EXPECT_LE(display_width(l.text), width) << "'" << l.text << "'";
    EXPECT_LE(l.mark_end, width);
  }
}

// Many syscalls, slow calls with long paths: every panel is full.
Model busy_model() {
  Model model{ModelOptions{}};
  Series series;
  std::map<std::string, test::Calls> calls;
  const char* names[] = {"read",   "write",      "futex",           "openat",
                         "close",  "mmap",       "epoll_wait",      "recvfrom",
                         "sendto", "newfstatat", "clock_nanosleep", "ioctl",
                         "poll"};
  std::uint64_t n = 100000;
  for (const char* name : names) {
    calls[name] = {n, n / 10, 300 + n / 7};
    n = n * 2 / 3;
  }
  std::vector<monitor::SlowCall> slow;
  for (int i = 0; i < 30; ++i)
    slow.push_back(test::slow_call(
        1000 + i, "worker-" + std::to_string(i), "read", 25000000,
        "/var/lib/a/very/long/path/that/does/not/fit/in/eighty/columns/" +
            std::to_string(i)));
  model.push(series.next(calls, slow));
  model.push(series.next(calls, slow));
  return model;
}

TEST(TopFrame, FitsExactlyAt80x24) {
  Model model = busy_model();
  Frame f = model.frame(80, 24);
  expect_fits(f, 80, 24);
  EXPECT_EQ(f.lines.front().style, Style::Title);
  EXPECT_EQ(f.lines.back().style, Style::Hint);
  EXPECT_NE(f.lines.back().text.find("q:quit"), std::string::npos);
  std::string text = f.text();
  EXPECT_NE(text.find("CALLS/s"), std::string::npos);
  EXPECT_NE(text.find("latency of read"), std::string::npos);
  EXPECT_NE(text.find("SLOW CALLS"), std::string::npos);
  EXPECT_NE(text.find("syscalls/s"), std::string::npos);
  EXPECT_NE(text.find("events dropped"), std::string::npos);
  EXPECT_NE(text.find("kernel CPU"), std::string::npos);
  EXPECT_NE(text.find("worker-29"), std::string::npos); // newest first
}

// The side panel's value on the line that starts with label.
std::string side_value(const Frame& f, const std::string& label) {
  for (const auto& line : f.lines) {
    auto at = line.text.find("|" + label);
    if (at == std::string::npos)
      continue;
    std::string rest = line.text.substr(at + 1 + label.size());
    auto start = rest.find_first_not_of(' ');
    return start == std::string::npos ? "" : rest.substr(start);
  }
  return "<no " + label + ">";
}

// kernel CPU is the target's system time, not the time in syscalls: a
// futex blocked for 0.9 s of a 1 s interval is 90% "in syscalls" while
// the kernel ran the target for 0.25 s.
TEST(TopFrame, KernelCpuIsSystemTimeNotTimeInSyscalls) {
  Model model{ModelOptions{}};
  Series series;
  series.set_kernel_cpu(250'000'000);
  model.push(series.next({{"futex", {1, 0, 900'000'000}}}));
  Frame f = model.frame(80, 24);
  EXPECT_EQ(side_value(f, "kernel CPU"), "25.0%");
  EXPECT_EQ(side_value(f, "in syscalls"), "90.0%");
}

TEST(TopFrame, KernelCpuWithoutASourceIsNotAvailable) {
  Model model{ModelOptions{}};
  Series series;
  model.push(series.next({{"read", {10, 0, 1000}}}));
  EXPECT_EQ(side_value(model.frame(80, 24), "kernel CPU"), "n/a");
}

TEST(TopFrame, LongestSyscallNamesFitTheSlowPanel) {
  Model model{ModelOptions{}};
  Series series;
  model.push(series.next(
      {{"clock_nanosleep", {1, 0, 50000000}}},
      {test::slow_call(9, "sleeper", "clock_nanosleep", 50000000, "")}));
  EXPECT_NE(model.frame(80, 24).text().find("clock_nanosleep  "),
            std::string::npos);
}

TEST(TopFrame, SelectedRowIsMarked) {
  Model model = busy_model();
  model.handle(Command::Down);
  Frame f = model.frame(80, 24);
  int marked = 0;
  for (const Line& l : f.lines)
    if (l.mark_end > l.mark_begin) {
      ++marked;
      EXPECT_EQ(l.text[0], '>');
      EXPECT_NE(l.text.find("write"), std::string::npos);
    }
  EXPECT_EQ(marked, 1);
}

TEST(TopFrame, SelectionScrollsIntoView) {
  Model model = busy_model();
  model.handle(Command::End);
  std::string text = model.frame(80, 24).text();
  EXPECT_NE(text.find(">" + model.state().selected), std::string::npos);
}

TEST(TopFrame, ResizesTo120x40And40x10) {
  Model model = busy_model();
  Frame big = model.frame(120, 40);
  expect_fits(big, 120, 40);
  // The top panel shows ten syscalls when there is room, eight at 80x24.
  EXPECT_NE(big.text().find("newfstatat"), std::string::npos);
  EXPECT_EQ(big.text().find("clock_nanosleep"), std::string::npos);
  EXPECT_EQ(model.frame(80, 24).text().find("newfstatat"), std::string::npos);
  Frame small = model.frame(40, 10);
  expect_fits(small, 40, 10);
  // No room for a side panel: its numbers are in the title line.
  EXPECT_NE(small.lines.front().text.find("syscalls/s"), std::string::npos);
  EXPECT_EQ(small.lines.back().style, Style::Hint);
}

TEST(TopFrame, DegradesGracefullyWhenTiny) {
  Model model = busy_model();
  for (std::size_t w : {0, 1, 5, 20, 63, 64, 80, 200})
    for (std::size_t h : {0, 1, 2, 3, 4, 5, 8, 12, 24, 60})
      expect_fits(model.frame(w, h), w, h);
  Frame one = model.frame(80, 1);
  ASSERT_EQ(one.lines.size(), 1u);
  EXPECT_EQ(one.lines[0].style, Style::Hint);
  model.handle(Command::Help);
  expect_fits(model.frame(30, 6), 30, 6);
}

TEST(TopFrame, EmptyBeforeTheFirstSnapshot) {
  Model model{ModelOptions{}};
  Frame f = model.frame(80, 24);
  expect_fits(f, 80, 24);
  EXPECT_NE(f.text().find("no syscalls yet"), std::string::npos);
  EXPECT_NE(f.text().find("starting"), std::string::npos);
}

TEST(TopFrame, HostileCommAndPathAreEscaped) {
  Model model{ModelOptions{}};
  Series series;
  std::string comm = "\x1b[2J\x1b]0;x\x07";
  std::string path = "/tmp/\x1b[31mred\r\n\xe2\x80\xae"
                     "evil";
  model.push(series.next({{"read", {1, 0, 1000}}},
                         {test::slow_call(5, comm, "read", 20000000, path)}));
  Frame f = model.frame(120, 24);
  expect_fits(f, 120, 24);
  std::string text = f.text();
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(u == '\n' || (u >= 0x20 && u != 0x7f)) << int(u);
  }
  EXPECT_NE(text.find("\\x1b[2J"), std::string::npos);
  EXPECT_NE(text.find("\\u202e"), std::string::npos); // bidi override
}

TEST(TopFrame, HostileSyscallNameIsEscaped) {
  Model model{ModelOptions{}};
  Series series;
  model.push(series.next({{"re\x1b[2Jad", {5, 0, 1000}}}));
  std::string text = model.frame(80, 24).text();
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("re\\x1b[2Jad"), std::string::npos);
}

TEST(TopFrame, ShowsDropsAndBpftraceState) {
  Model model{ModelOptions{}};
  Series series;
  series.set_dropped(1234);
  model.push(series.next({{"read", {1, 0, 1000}}}));
  std::string text = model.frame(80, 24).text();
  EXPECT_NE(text.find("1234"), std::string::npos);
  EXPECT_NE(text.find(" up"), std::string::npos);
}

} // namespace
} // namespace sctrace::top
