// A token bucket per client address.
//
// Contract: each key starts with `burst` tokens and gains rate_per_second
// tokens a second, up to burst; take() spends one. When none is left it
// is refused with the whole seconds (at least 1) until one is back.
// Thread-safe. At most max_keys buckets are kept: past that, full buckets
// are forgotten (they behave as new ones), then the oldest ones.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sctrace::server {

class RateLimiter {
public:
  using Clock = std::chrono::steady_clock;

  RateLimiter(double rate_per_second, int burst, std::size_t max_keys = 10000);

  struct Decision {
    bool allowed = true;
    int retry_after_seconds = 0; // when refused
  };
  Decision take(const std::string& key, Clock::time_point now = Clock::now());

private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point last;
  };
  void refill(Bucket& bucket, Clock::time_point now) const;
  void prune(Clock::time_point now);

  double rate_;
  double burst_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

} // namespace sctrace::server
