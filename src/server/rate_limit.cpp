#include "server/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace sctrace::server {

RateLimiter::RateLimiter(double rate_per_second, int burst,
                         std::size_t max_keys)
    : rate_(rate_per_second > 0 ? rate_per_second : 1),
      burst_(burst > 0 ? burst : 1), max_keys_(max_keys > 0 ? max_keys : 1) {}

void RateLimiter::refill(Bucket& bucket, Clock::time_point now) const {
  const double elapsed =
      std::chrono::duration<double>(now - bucket.last).count();
  if (elapsed > 0) {
    bucket.tokens = std::min(burst_, bucket.tokens + elapsed * rate_);
    bucket.last = now;
  }
}

void RateLimiter::prune(Clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    refill(it->second, now);
    it = it->second.tokens >= burst_ ? buckets_.erase(it) : std::next(it);
  }
  while (buckets_.size() >= max_keys_) {
    auto oldest = std::min_element(buckets_.begin(), buckets_.end(),
                                   [](const auto& a, const auto& b) {
                                     return a.second.last < b.second.last;
                                   });
    buckets_.erase(oldest);
  }
}

RateLimiter::Decision RateLimiter::take(const std::string& key,
                                        Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_)
      prune(now);
    it = buckets_.emplace(key, Bucket{burst_, now}).first;
  }
  Bucket& bucket = it->second;
  refill(bucket, now);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return {};
  }
  const double wait = (1 - bucket.tokens) / rate_;
  return {false, std::max(1, static_cast<int>(std::ceil(wait)))};
}

} // namespace sctrace::server
