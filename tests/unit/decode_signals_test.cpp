// Signal names, checked against strace 6.1's output.
#include <gtest/gtest.h>

#include "decode/signals.h"

namespace sctrace::decode {
namespace {

TEST(Signals, renders_like_strace) {
  EXPECT_EQ(signal_name(1), "SIGHUP");
  EXPECT_EQ(signal_name(9), "SIGKILL");
  EXPECT_EQ(signal_name(15), "SIGTERM");
  EXPECT_EQ(signal_name(16), "SIGSTKFLT");
  EXPECT_EQ(signal_name(31), "SIGSYS");
  EXPECT_EQ(signal_name(32), "SIGRTMIN");
  EXPECT_EQ(signal_name(33), "SIGRT_1");
  EXPECT_EQ(signal_name(64), "SIGRT_32");
  EXPECT_EQ(signal_name(0), "0");
  EXPECT_EQ(signal_name(65), "65");
  EXPECT_EQ(signal_name(-1), "-1");
}

TEST(Signals, every_name_round_trips) {
  for (int sig = 1; sig <= 64; ++sig)
    EXPECT_EQ(signal_from_name(signal_name(sig)), sig) << sig;
}

TEST(Signals, from_name_accepts_short_forms_and_rejects_junk) {
  EXPECT_EQ(signal_from_name("TERM"), 15);
  EXPECT_EQ(signal_from_name("15"), 15);
  EXPECT_EQ(signal_from_name("0"), 0);
  EXPECT_EQ(signal_from_name("SIGIOT"), 6);
  EXPECT_EQ(signal_from_name("SIGRTMIN+3"), 35);
  EXPECT_EQ(signal_from_name("RTMIN"), 32);
  EXPECT_EQ(signal_from_name("SIGRTMAX"), 64);
  for (std::string_view bad :
       {"", "SIG", "sigterm", "65", "SIGRT_0", "SIGRT_33", "SIGRTMIN+33",
        "SIGRT_99999999999", "SIGRTMIN+2147483647", "-1"})
    EXPECT_EQ(signal_from_name(bad), std::nullopt) << bad;
}

} // namespace
} // namespace sctrace::decode
