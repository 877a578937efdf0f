// The fixed le bounds and the quantile estimate
// (exporter/duration_buckets.h).
#include <gtest/gtest.h>

#include "exporter/duration_buckets.h"
#include "modes/monitor/monitor.h"

namespace sctrace::exporter {
namespace {

std::vector<std::uint64_t> one(int index, std::uint64_t count) {
  std::vector<std::uint64_t> b(monitor::kBuckets, 0);
  b[static_cast<std::size_t>(index)] = count;
  return b;
}

TEST(ExporterDurationBuckets, LeIsTwoToTheKMinusOneNs) {
  EXPECT_DOUBLE_EQ(le_seconds(8), 255e-9);
  EXPECT_DOUBLE_EQ(le_seconds(10), 1023e-9);
  EXPECT_DOUBLE_EQ(le_seconds(34), 17179869183e-9);
  EXPECT_EQ(kLeCount, 27);
}

TEST(ExporterDurationBuckets, IndexKCountsFromItsOwnLeOn) {
  for (int k = 0; k < monitor::kBuckets; ++k) {
    const auto cum = cumulative_counts(one(k, 1));
    ASSERT_EQ(cum.size(), static_cast<std::size_t>(kLeCount + 1));
    for (int i = 0; i < kLeCount; ++i) {
      const int le_index = kFirstLeIndex + i;
      EXPECT_EQ(cum[static_cast<std::size_t>(i)], k <= le_index ? 1u : 0u)
          << "index " << k << " le index " << le_index;
    }
    EXPECT_EQ(cum.back(), 1u);
  }
}

TEST(ExporterDurationBuckets, ShortOrEmptyBucketsAreZeros) {
  const auto cum = cumulative_counts({});
  EXPECT_EQ(cum.size(), static_cast<std::size_t>(kLeCount + 1));
  EXPECT_EQ(cum.back(), 0u);
  EXPECT_EQ(cumulative_counts({0, 0, 0, 2}).front(), 2u);
}

TEST(ExporterDurationBuckets, QuantileInterpolatesInsideTheBucket) {
  // 10 calls in [512, 1023] ns.
  const auto b = one(10, 10);
  EXPECT_DOUBLE_EQ(*estimate_quantile(b, 0), 512e-9);
  EXPECT_DOUBLE_EQ(*estimate_quantile(b, 0.5), (512 + 511 * 0.5) / 1e9);
  EXPECT_DOUBLE_EQ(*estimate_quantile(b, 1), 1023e-9);
  EXPECT_FALSE(estimate_quantile(one(10, 0), 0.5).has_value());
  auto two = one(3, 9);
  two[20] = 1;
  EXPECT_LE(*estimate_quantile(two, 0.9), 7e-9);
  EXPECT_GT(*estimate_quantile(two, 0.95), 524288e-9);
}

TEST(ExporterDurationBuckets, DeltaNeverGoesNegative) {
  EXPECT_EQ(bucket_delta({5, 3, 1}, {2, 4}),
            (std::vector<std::uint64_t>{3, 0, 1}));
}

} // namespace
} // namespace sctrace::exporter
