// The duration histogram of syscall_duration_seconds: monitor's log2
// nanosecond buckets (monitor.h: index k >= 1 holds [2^(k-1), 2^k - 1] ns,
// index 0 holds 0 ns) mapped onto one fixed set of Prometheus bounds, and
// quantiles estimated from those buckets.
//
// Contract:
//  - The bounds are the same for every syscall: index kFirstLeIndex ..
//    kLastLeIndex, each with le = (2^k - 1) ns in seconds (255 ns ..
//    2^34 - 1 ns, about 17.18 s), then +Inf. Indexes below kFirstLeIndex
//    are folded into the first bound; those above the last only into +Inf.
//  - Counts are cumulative and the +Inf count is the sum of every bucket.
//  - A buckets vector shorter than kBuckets counts as zeros past its end.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace sctrace::exporter {

inline constexpr int kFirstLeIndex = 8; // le 255 ns
inline constexpr int kLastLeIndex = 34; // le 17.179869183 s
inline constexpr int kLeCount = kLastLeIndex - kFirstLeIndex + 1;

// The inclusive upper bound of bucket index K (>= 1), in seconds.
double le_seconds(int k);

// kLeCount cumulative counts for the finite bounds, then the +Inf count.
std::vector<std::uint64_t>
cumulative_counts(const std::vector<std::uint64_t>& buckets);

// Element-wise NOW - BEFORE (0 where BEFORE is larger or missing).
std::vector<std::uint64_t>
bucket_delta(const std::vector<std::uint64_t>& now,
             const std::vector<std::uint64_t>& before);

// The Q-quantile (0 <= Q <= 1) in seconds, interpolated linearly inside
// the bucket that holds the rank Q * count, as Prometheus's
// histogram_quantile does; nullopt when the buckets are empty.
std::optional<double>
estimate_quantile(const std::vector<std::uint64_t>& buckets, double q);

} // namespace sctrace::exporter
