// The duration histogram and quantiles (duration_buckets.h).
#include "exporter/duration_buckets.h"

#include <algorithm>
#include <cmath>

#include "modes/monitor/monitor.h"

namespace sctrace::exporter {

namespace {

constexpr double kNsPerSecond = 1e9;

std::uint64_t at(const std::vector<std::uint64_t>& v, std::size_t i) {
  return i < v.size() ? v[i] : 0;
}

// Bucket K's integer range [lower, upper] in ns.
double lower_ns(int k) {
  return k == 0 ? 0 : std::ldexp(1.0, k - 1);
}
double upper_ns(int k) {
  return k == 0 ? 0 : std::ldexp(1.0, k) - 1;
}

} // namespace

double le_seconds(int k) {
  return (std::ldexp(1.0, k) - 1) / kNsPerSecond;
}

std::vector<std::uint64_t>
cumulative_counts(const std::vector<std::uint64_t>& buckets) {
  std::vector<std::uint64_t> out;
  out.reserve(kLeCount + 1);
  std::uint64_t sum = 0;
  for (int k = 0; k < monitor::kBuckets; ++k) {
    sum += at(buckets, static_cast<std::size_t>(k));
    if (k >= kFirstLeIndex && k <= kLastLeIndex)
      out.push_back(sum);
  }
  for (std::size_t i = monitor::kBuckets; i < buckets.size(); ++i)
    sum += buckets[i];
  out.push_back(sum);
  return out;
}

std::vector<std::uint64_t>
bucket_delta(const std::vector<std::uint64_t>& now,
             const std::vector<std::uint64_t>& before) {
  std::vector<std::uint64_t> out(now.size());
  for (std::size_t i = 0; i < now.size(); ++i)
    out[i] = now[i] > at(before, i) ? now[i] - at(before, i) : 0;
  return out;
}

std::optional<double>
estimate_quantile(const std::vector<std::uint64_t>& buckets, double q) {
  std::uint64_t total = 0;
  for (std::uint64_t c : buckets)
    total += c;
  if (total == 0)
    return std::nullopt;
  const double rank = std::clamp(q, 0.0, 1.0) * static_cast<double>(total);
  double before = 0;
  for (std::size_t k = 0; k < buckets.size(); ++k) {
    const double count = static_cast<double>(buckets[k]);
    if (count == 0 || before + count < rank) {
      before += count;
      continue;
    }
    const int idx = static_cast<int>(k);
    const double lo = lower_ns(idx), hi = upper_ns(idx);
    const double ns = lo + (hi - lo) * std::max(0.0, rank - before) / count;
    return ns / kNsPerSecond;
  }
  return upper_ns(static_cast<int>(buckets.size()) - 1) / kNsPerSecond;
}

} // namespace sctrace::exporter
