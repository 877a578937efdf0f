// strace's time columns (modes/syscalls/text_time.h), as strace 6.1 prints
// them, and the text writer that puts them before each line.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <sstream>

#include "modes/syscalls/output.h"
#include "modes/syscalls/text_time.h"

namespace sctrace::syscalls {
namespace {

// 2026-12-04T22:10:26.199059123Z
constexpr std::uint64_t kNs = 1'796'422'226'199'059'123ULL;

class TextTime : public ::testing::Test {
protected:
  void SetUp() override {
    const char* tz = std::getenv("TZ");
    if (tz)
      saved_ = tz;
    had_ = tz != nullptr;
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }
  void TearDown() override {
    if (had_)
      ::setenv("TZ", saved_.c_str(), 1);
    else
      ::unsetenv("TZ");
    ::tzset();
  }
  static std::string time(int absolute, bool relative, std::uint64_t ns,
                          std::optional<std::uint64_t> previous) {
    TextOptions o;
    o.absolute_time = absolute;
    o.relative_time = relative;
    std::string out;
    append_text_time(out, o, ns, previous);
    return out;
  }

private:
  std::string saved_;
  bool had_ = false;
};

TEST_F(TextTime, absolute_forms_are_stracess) {
  EXPECT_EQ(time(0, false, kNs, std::nullopt), "");
  EXPECT_EQ(time(1, false, kNs, std::nullopt), "22:10:26 ");
  EXPECT_EQ(time(2, false, kNs, std::nullopt), "22:10:26.199059 ");
  EXPECT_EQ(time(3, false, kNs, std::nullopt), "1796422226.199059 ");
}

TEST_F(TextTime, relative_is_the_gap_to_the_line_above) {
  EXPECT_EQ(time(0, true, kNs, std::nullopt), "     0.000000 ");
  EXPECT_EQ(time(0, true, kNs + 169'999, kNs), "     0.000169 ");
  EXPECT_EQ(time(0, true, kNs + 12'000'001'000ULL, kNs), "    12.000001 ");
  EXPECT_EQ(time(0, true, kNs - 12'000, kNs), "    -0.000012 ");
}

TEST_F(TextTime, absolute_and_relative_together_as_strace) {
  EXPECT_EQ(time(3, true, kNs + 169'000, kNs),
            "1796422226.199228 (+     0.000169) ");
  EXPECT_EQ(time(2, true, kNs, std::nullopt),
            "22:10:26.199059 (+     0.000000) ");
}

SyscallEvent getppid_at(std::uint64_t ns, std::uint32_t tid) {
  SyscallEvent e;
  e.timestamp_ns = ns;
  e.pid = 7;
  e.tid = tid;
  e.syscall = "getppid";
  e.nr = 110;
  e.return_value = 1;
  e.duration_ns = 1500;
  return e;
}

TEST_F(TextTime, text_writer_puts_them_after_the_pid_and_drops_durations) {
  std::ostringstream out, notes;
  TextOptions o;
  o.absolute_time = 2;
  o.relative_time = true;
  o.durations = false;
  auto w = make_syscall_writer("text", out, notes, o);
  ASSERT_TRUE(w.ok());
  (*w)->event(getppid_at(kNs, 7));
  (*w)->event(getppid_at(kNs + 2'000'000, 8));
  EXPECT_EQ(out.str(), "22:10:26.199059 (+     0.000000) getppid() = 1\n"
                       "[pid 8] 22:10:26.201059 (+     0.002000) getppid() "
                       "= 1\n");
}

TEST_F(TextTime, other_formats_refuse_text_options) {
  std::ostringstream out, notes;
  TextOptions o;
  o.durations = false;
  for (const char* f : {"json", "jsonl", "csv"}) {
    auto w = make_syscall_writer(f, out, notes, o);
    ASSERT_FALSE(w.ok()) << f;
    EXPECT_NE(w.error().message.find("shape the text output"),
              std::string::npos);
  }
  EXPECT_TRUE(make_syscall_writer("json", out, notes, TextOptions{}).ok());
}

} // namespace
} // namespace sctrace::syscalls
