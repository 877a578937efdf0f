// util::parse_duration_ns: the units users write, and clear refusals.
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

} // namespace
} // namespace sctrace::util
