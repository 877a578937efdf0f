// util::parse_duration_ns: the units users write, decimals exact to the
// nanosecond, no overflow, and clear refusals.
#include <gtest/gtest.h>

#include "util/duration.h"

namespace sctrace::util {
namespace {

TEST(UtilDuration, units) {
  EXPECT_EQ(*parse_duration_ns("10ms"), 10'000'000u);
  EXPECT_EQ(*parse_duration_ns("250us"), 250'000u);
  EXPECT_EQ(*parse_duration_ns("2s"), 2'000'000'000u);
  EXPECT_EQ(*parse_duration_ns("500ns"), 500u);
  EXPECT_EQ(*parse_duration_ns("1.5ms"), 1'500'000u);
  EXPECT_EQ(*parse_duration_ns("7"), 7'000u); // bare: microseconds
}

TEST(UtilDuration, refusals_say_how_to_write_it) {
  for (const char* bad :
       {"", "ms", "10 ms", "10min", "-1ms", "nan", "inf", "1e300s", "10msx"}) {
    auto r = parse_duration_ns(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("like 10ms"), std::string::npos) << bad;
  }
}

TEST(UtilDuration, zero_and_fractions) {
  EXPECT_EQ(*parse_duration_ns("0"), 0u);
  EXPECT_EQ(*parse_duration_ns("0ms"), 0u);
  EXPECT_EQ(*parse_duration_ns("0.1s"), 100'000'000u);
  EXPECT_EQ(*parse_duration_ns("2.5us"), 2'500u);
  EXPECT_EQ(*parse_duration_ns("0.000001ms"), 1u);
  EXPECT_EQ(*parse_duration_ns("1.5"), 1'500u); // bare: microseconds
}

TEST(UtilDuration, the_largest_durations_do_not_wrap) {
  // 1e18 ns (about 31 years) is the most; 2e19 ns would wrap a uint64.
  EXPECT_EQ(*parse_duration_ns("1000000000s"), 1'000'000'000'000'000'000u);
  for (const char* big : {"1000000001s", "20000000000s", "1e30ns"})
    EXPECT_FALSE(parse_duration_ns(big).ok()) << big;
}

TEST(UtilDuration, more_refusals) {
  for (const char* bad : {" 10ms", "10ms ", "10MS", "ms10", "1..5ms", "+5ms"}) {
    auto r = parse_duration_ns(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
}

// Regression: value * scale was truncated, and decimal fractions are
// inexact in binary (1.005 * 1000 is 1004.9999999999999), so "1.005us"
// gave 1004 ns. It is now rounded to the nearest ns.
TEST(UtilDuration, decimals_are_exact_to_the_nanosecond) {
  EXPECT_EQ(*parse_duration_ns("1.005us"), 1'005u);
  EXPECT_EQ(*parse_duration_ns("0.29ms"), 290'000u);
  EXPECT_EQ(*parse_duration_ns("1.1us"), 1'100u);
}

} // namespace
} // namespace sctrace::util
