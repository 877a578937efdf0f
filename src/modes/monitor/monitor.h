// Continuous syscall statistics for long-running consumers (`sctrace top`,
// `sctrace exporter`, `sctrace serve`'s /metrics): one bpftrace session
// that aggregates in the kernel, per syscall, the calls, the failures by
// errno, the time spent (a real sum) and a log2 histogram of durations in
// nanoseconds, and streams every call slower than its threshold as an
// event. A snapshot is published every interval.
//
// Contract:
//  - Monitor::start checks the options (exactly one target, a valid
//    interval in [100 ms, 60 s], valid thresholds) and returns an error
//    that says what to do before anything runs; otherwise bpftrace runs on
//    a thread of the monitor's own until stop() or the destructor, which
//    joins it: no bpftrace is left running.
//  - Counters are cumulative and never decrease, across snapshots and
//    across bpftrace restarts: when bpftrace ends unexpectedly it is
//    started again (with a backoff), what the old one had counted is kept
//    as a base, and `restarts` counts it; calls made while no bpftrace ran
//    are not seen, and `bpftrace_up` is false in the snapshots of that
//    time.
//  - Nothing is lost silently: slow-call events bpftrace dropped are in
//    events_dropped; calls whose key found a full map are in map_full;
//    slow calls past the snapshot's cap are counted in slow_dropped.
//  - latest() and wait_next() may be called from any thread; snapshots are
//    immutable once published.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/dependencies.h"
#include "modes/syscalls/thresholds.h"
#include "targets/target.h"
#include "util/result.h"

namespace sctrace::monitor {

// Duration buckets: log2 of nanoseconds, as bpftrace's hist() makes them.
// Index 0 holds 0 ns; index k >= 1 holds the integers [2^(k-1), 2^k - 1]
// ns, so its inclusive upper bound (Prometheus's le) is 2^k - 1 ns.
constexpr int kBuckets = 64;

struct SyscallCounters {
  std::uint64_t calls = 0;             // completed calls
  std::uint64_t errors = 0;            // failed calls (-4095..-1)
  std::map<int, std::uint64_t> errnos; // errno number -> failures
  std::uint64_t total_ns = 0;          // sum of durations
  std::vector<std::uint64_t> buckets;  // by index, size kBuckets
  std::uint64_t slow = 0;              // calls over their threshold
  bool operator==(const SyscallCounters&) const = default;
};

struct SlowCall {
  std::int64_t wall_ns = 0; // when it ended, Unix time in ns
  std::uint32_t pid = 0, tid = 0;
  std::string comm;
  std::string syscall;
  std::uint64_t duration_ns = 0;
  std::int64_t ret = 0;
  std::int64_t fd = -1; // the first argument, when the syscall takes an fd
  std::string fd_path;  // /proc/PID/fd/FD when it could be read, else ""
};

struct Snapshot {
  std::uint64_t seq = 0;       // 1, 2, ... in publication order
  std::int64_t wall_ns = 0;    // when it was taken, Unix time in ns
  double interval_seconds = 0; // since the previous snapshot
  bool bpftrace_up = false;    // a bpftrace was attached and reporting
  std::uint64_t restarts = 0;  // bpftrace restarts so far
  // Cumulative since the monitor started (monotonic), by syscall name.
  std::map<std::string, SyscallCounters> total;
  // This interval alone (total minus the previous snapshot's total).
  std::map<std::string, SyscallCounters> interval;
  // With MonitorOptions::by_comm: cumulative calls per comm and syscall,
  // the top_comms comms by calls, the rest summed under "other".
  std::map<std::string, std::map<std::string, std::uint64_t>> by_comm;
  // Slow calls that ended during this interval, oldest first, at most
  // MonitorOptions::slow_per_snapshot of them.
  std::vector<SlowCall> slow;
  std::uint64_t slow_dropped = 0;    // cumulative: past the cap above
  std::uint64_t events_dropped = 0;  // cumulative: bpftrace's lost events
  std::uint64_t map_full = 0;        // cumulative: updates a full map refused
  std::vector<std::string> warnings; // cumulative, each once
  // The target's kernel CPU time (kernel_cpu.h: system time, not time
  // blocked in calls), cumulative and this interval's, in ns; both 0 and
  // has_kernel_cpu false when the target has no source (-- CMD) or it
  // could not be read.
  bool has_kernel_cpu = false;
  std::uint64_t kernel_cpu_ns = 0;
  std::uint64_t interval_kernel_cpu_ns = 0;
};

struct MonitorOptions {
  engine::Diagnostics diagnostics;
  targets::TargetOptions target;   // exactly one; front ends default to -a
  std::string selection;           // syscalls: names, globs, %classes; "" all
  double interval_seconds = 1.0;   // 0.1 .. 60
  syscalls::Thresholds thresholds; // slow calls; default 10 ms for all
  bool by_comm = false;
  int top_comms = 10;
  std::size_t slow_per_snapshot = 256;
  int max_restarts = 10; // then the monitor ends with an error
  std::string bpftrace;  // empty: find it
};

class Monitor {
public:
  static Result<std::unique_ptr<Monitor>> start(MonitorOptions options);
  ~Monitor();
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  // The newest snapshot; null before the first.
  std::shared_ptr<const Snapshot> latest() const;
  // The first snapshot with seq > after, waiting up to timeout; null when
  // none came in time or the monitor has ended.
  std::shared_ptr<const Snapshot> wait_next(std::uint64_t after,
                                            std::chrono::milliseconds timeout);
  // Ends the session (idempotent); latest() stays readable.
  void stop();
  // Set once the monitor has ended: why (empty after stop()).
  bool ended() const;
  std::string end_reason() const;
  // It ended because its target did (every -p process, or -- CMD,
  // exited): a normal end, as in the other modes (docs/exit-codes.md).
  bool target_ended() const;

private:
  class Impl;
  explicit Monitor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace sctrace::monitor
