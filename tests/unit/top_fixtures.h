// Synthetic monitor snapshots for the `sctrace top` model tests: a series
// that keeps the cumulative totals consistent with the intervals.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "modes/monitor/monitor.h"
#include "top/model.h"

namespace sctrace::top::test {

// One syscall's numbers in one interval: all its calls in one bucket.
struct Calls {
  std::uint64_t calls = 0;
  std::uint64_t errors = 0;
  std::uint64_t each_ns = 1000; // every call's duration
};

class Series {
public:
  explicit Series(double interval_seconds = 1) : seconds_(interval_seconds) {}

  // The next snapshot, with these calls in its interval.
  SnapshotPtr next(const std::map<std::string, Calls>& calls,
                   std::vector<monitor::SlowCall> slow = {}) {
    auto s = std::make_shared<monitor::Snapshot>();
    s->seq = ++seq_;
    s->interval_seconds = seconds_;
    s->bpftrace_up = true;
    for (const auto& [name, c] : calls) {
      monitor::SyscallCounters in = counters(c);
      s->interval[name] = in;
      add(total_[name], in);
    }
    s->total = total_;
    s->slow = std::move(slow);
    s->events_dropped = dropped_;
    if (kernel_cpu_ns_) {
      kernel_cpu_total_ += *kernel_cpu_ns_;
      s->has_kernel_cpu = true;
      s->kernel_cpu_ns = kernel_cpu_total_;
      s->interval_kernel_cpu_ns = *kernel_cpu_ns_;
    }
    return s;
  }
  void set_dropped(std::uint64_t n) { dropped_ = n; }
  // Each next snapshot's kernel CPU time in its interval (none: no source).
  void set_kernel_cpu(std::optional<std::uint64_t> ns) { kernel_cpu_ns_ = ns; }

  static int bucket_of(std::uint64_t ns) {
    int k = 0;
    while (ns) {
      ++k;
      ns >>= 1;
    }
    return k;
  }

private:
  static monitor::SyscallCounters counters(const Calls& c) {
    monitor::SyscallCounters out;
    out.calls = c.calls;
    out.errors = c.errors;
    out.total_ns = c.calls * c.each_ns;
    out.buckets.assign(monitor::kBuckets, 0);
    out.buckets[bucket_of(c.each_ns)] = c.calls;
    return out;
  }
  static void add(monitor::SyscallCounters& t,
                  const monitor::SyscallCounters& c) {
    t.calls += c.calls;
    t.errors += c.errors;
    t.total_ns += c.total_ns;
    t.buckets.resize(monitor::kBuckets, 0);
    for (int i = 0; i < monitor::kBuckets; ++i)
      t.buckets[i] += c.buckets[i];
  }

  double seconds_;
  std::uint64_t seq_ = 0;
  std::uint64_t dropped_ = 0;
  std::optional<std::uint64_t> kernel_cpu_ns_;
  std::uint64_t kernel_cpu_total_ = 0;
  std::map<std::string, monitor::SyscallCounters> total_;
};

inline monitor::SlowCall slow_call(std::uint32_t pid, std::string comm,
                                   std::string syscall,
                                   std::uint64_t duration_ns,
                                   std::string fd_path = "") {
  monitor::SlowCall c;
  c.pid = c.tid = pid;
  c.comm = std::move(comm);
  c.syscall = std::move(syscall);
  c.duration_ns = duration_ns;
  c.fd_path = std::move(fd_path);
  return c;
}

} // namespace sctrace::top::test
