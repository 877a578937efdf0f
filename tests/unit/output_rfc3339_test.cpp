// RFC 3339 timestamps (src/output/rfc3339.h).
#include <gtest/gtest.h>

#include "output/rfc3339.h"

namespace sctrace::output {
namespace {

std::string rfc3339(std::uint64_t ns) {
  std::string out;
  append_rfc3339(out, ns);
  return out;
}

TEST(Rfc3339, utc_with_nine_fraction_digits) {
  EXPECT_EQ(rfc3339(1732246084123456789ULL), "2024-11-22T03:28:04.123456789Z");
  EXPECT_EQ(rfc3339(0), "1970-01-01T00:00:00.000000000Z");
  EXPECT_EQ(rfc3339(951782400ULL * 1'000'000'000 + 5),
            "2000-02-29T00:00:00.000000005Z")
      << "a leap day in a century leap year";
  EXPECT_EQ(rfc3339(4107542399ULL * 1'000'000'000 + 999'999'999),
            "2100-02-28T23:59:59.999999999Z")
      << "2100 is not a leap year";
}

TEST(Rfc3339, the_cached_second_does_not_leak_into_the_next) {
  EXPECT_EQ(rfc3339(1'000'000'000), "1970-01-01T00:00:01.000000000Z");
  EXPECT_EQ(rfc3339(1'999'999'999), "1970-01-01T00:00:01.999999999Z");
  EXPECT_EQ(rfc3339(2'000'000'000), "1970-01-01T00:00:02.000000000Z");
  EXPECT_EQ(rfc3339(1'000'000'000), "1970-01-01T00:00:01.000000000Z");
}

} // namespace
} // namespace sctrace::output
