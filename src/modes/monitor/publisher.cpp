#include "modes/monitor/publisher.h"

#include <time.h>

#include "modes/monitor/counters.h"

namespace sctrace::monitor {

std::int64_t wall_now_ns() {
  timespec t{};
  ::clock_gettime(CLOCK_REALTIME, &t);
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

std::shared_ptr<const Snapshot> Publisher::publish(Snapshot s) {
  std::lock_guard<std::mutex> lock(mu_);
  static const CounterMap kNone;
  s.seq = latest_ ? latest_->seq + 1 : 1;
  s.interval = minus_all(s.total, latest_ ? latest_->total : kNone);
  if (s.has_kernel_cpu && latest_ && latest_->has_kernel_cpu)
    s.interval_kernel_cpu_ns = s.kernel_cpu_ns - latest_->kernel_cpu_ns;
  s.interval_seconds =
      latest_ ? static_cast<double>(s.wall_ns - latest_->wall_ns) / 1e9 : 0;
  latest_ = std::make_shared<const Snapshot>(std::move(s));
  kept_.push_back(latest_);
  if (kept_.size() > kKept)
    kept_.pop_front();
  cv_.notify_all();
  return latest_;
}

std::shared_ptr<const Snapshot> Publisher::latest() const {
  std::lock_guard<std::mutex> lock(mu_);
  return latest_;
}

std::shared_ptr<const Snapshot>
Publisher::first_after(std::uint64_t after) const {
  for (const auto& s : kept_)
    if (s->seq > after)
      return s;
  return nullptr;
}

std::shared_ptr<const Snapshot>
Publisher::wait_next(std::uint64_t after, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  auto newer = [&] { return latest_ && latest_->seq > after; };
  cv_.wait_for(lock, timeout, [&] { return newer() || closed_; });
  return newer() ? first_after(after) : nullptr;
}

void Publisher::close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  cv_.notify_all();
}

} // namespace sctrace::monitor
