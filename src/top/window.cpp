#include "top/window.h"

namespace sctrace::top {

namespace {

void add(monitor::SyscallCounters& sum, const monitor::SyscallCounters& c) {
  sum.calls += c.calls;
  sum.errors += c.errors;
  sum.total_ns += c.total_ns;
  sum.slow += c.slow;
  if (sum.buckets.size() < c.buckets.size())
    sum.buckets.resize(c.buckets.size(), 0);
  for (std::size_t i = 0; i < c.buckets.size(); ++i)
    sum.buckets[i] += c.buckets[i];
}

} // namespace

Window aggregate(const std::deque<SnapshotPtr>& history,
                 std::size_t intervals) {
  Window w;
  if (history.empty())
    return w;
  for (const auto& [name, counters] : history.back()->total) {
    (void)counters;
    w.sums[name].buckets.assign(monitor::kBuckets, 0);
  }
  std::size_t n = intervals < history.size() ? intervals : history.size();
  w.has_kernel_cpu = true;
  for (std::size_t k = history.size() - n; k < history.size(); ++k) {
    const monitor::Snapshot& s = *history[k];
    w.seconds += s.interval_seconds;
    w.has_kernel_cpu = w.has_kernel_cpu && s.has_kernel_cpu;
    w.kernel_cpu_ns += s.interval_kernel_cpu_ns;
    for (const auto& [name, counters] : s.interval) {
      add(w.sums[name], counters);
      w.calls += counters.calls;
      w.total_ns += counters.total_ns;
    }
  }
  w.intervals_used = n;
  return w;
}

} // namespace sctrace::top
