// Synthetic monitor snapshots for the exporter's tests: a small one whose
// /metrics text the tests know byte for byte, and a rich one (many
// syscalls, errnos, by_comm with labels that need escaping, durations up
// to seconds) for promtool (tests/exporter/check_promtool.sh).
#pragma once

#include <cstdint>
#include <string>

#include "modes/monitor/monitor.h"

namespace sctrace::exporter::test {

// COUNT calls of NS nanoseconds each, added to C (buckets by monitor.h).
inline void add_calls(monitor::SyscallCounters& c, std::uint64_t ns,
                      std::uint64_t count) {
  if (c.buckets.empty())
    c.buckets.assign(monitor::kBuckets, 0);
  int k = 0;
  while (k < 63 && ns > (std::uint64_t{1} << k) - 1)
    ++k;
  c.buckets[static_cast<std::size_t>(k)] += count;
  c.calls += count;
  c.total_ns += ns * count;
}

// read: 3 calls (1000 ns twice, 5 ns once), one EAGAIN, one slow.
inline monitor::Snapshot small_snapshot() {
  monitor::Snapshot s;
  s.seq = 7;
  s.wall_ns = 1'700'000'000'000'000'000;
  s.interval_seconds = 1;
  s.bpftrace_up = true;
  s.restarts = 1;
  auto& read = s.total["read"];
  add_calls(read, 1000, 2);
  add_calls(read, 5, 1);
  read.errors = 1;
  read.errnos[11] = 1;
  read.slow = 1;
  s.events_dropped = 2;
  s.map_full = 3;
  s.slow_dropped = 4;
  return s;
}

inline monitor::Snapshot rich_snapshot() {
  monitor::Snapshot s;
  s.seq = 42;
  s.wall_ns = 1'700'000'060'000'000'000;
  s.interval_seconds = 1;
  s.bpftrace_up = true;
  const char* names[] = {"read",       "write",           "openat", "futex",
                         "epoll_wait", "clock_nanosleep", "execve", "close"};
  std::uint64_t ns = 90;
  for (const char* name : names) {
    auto& c = s.total[name];
    add_calls(c, ns, 1000);
    add_calls(c, ns * 37, 120);
    add_calls(c, ns * 20011, 3);
    ns *= 5;
  }
  add_calls(s.total["nanosleep"], 30'000'000'000ull, 2); // past the last le
  auto& openat = s.total["openat"];
  openat.errors = 40;
  openat.errnos = {{2, 30}, {13, 9}, {41, 1}}; // 41 has no name
  openat.slow = 3;
  s.total["futex"].errnos = {{110, 5}, {11, 2}};
  s.total["futex"].errors = 7;
  s.by_comm["nginx"] = {{"read", 900}, {"write", 800}};
  s.by_comm["we\"ird\\comm\n"] = {{"openat", 12}};
  s.by_comm["other"] = {{"futex", 1123}};
  s.events_dropped = 5;
  s.map_full = 1;
  s.slow_dropped = 0;
  s.restarts = 2;
  return s;
}

} // namespace sctrace::exporter::test
