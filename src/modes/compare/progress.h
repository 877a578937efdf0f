// How fast running processes make progress, measured without a tracer, so
// `compare` on a running target can tell how much each tracer slowed it.
//
// Contract:
//  - sample_progress() sums, over the given processes (all their threads),
//    the read- and write-class syscalls the kernel counted (syscr + syscw
//    in /proc/PID/io) and the CPU time used (utime + stime in
//    /proc/PID/stat). A process that is gone adds nothing and is counted
//    in `gone`. It never fails: an unreadable file counts as gone.
//  - A Rate is the difference of two samples over the wall time between
//    them. A window whose processes made no read or write call has no
//    calls rate (has_calls false): the slowdown cannot be measured from it.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sctrace::compare {

struct ProgressSample {
  std::uint64_t rw_calls = 0; // syscr + syscw
  double cpu_seconds = 0;     // utime + stime
  std::size_t gone = 0;       // processes no longer there
};

ProgressSample sample_progress(const std::vector<pid_t>& pids);

// One measured window of the target: untraced, under one tracer, or both.
struct Rate {
  std::string window; // "untraced", "strace", "sctrace", "both"
  double seconds = 0;
  std::uint64_t rw_calls = 0;
  double cpu_seconds = 0;
  bool has_calls() const { return rw_calls > 0 && seconds > 0; }
  double calls_per_second() const {
    return seconds > 0 ? static_cast<double>(rw_calls) / seconds : 0;
  }
  double cpu_share() const { return seconds > 0 ? cpu_seconds / seconds : 0; }
};

Rate rate_between(const std::string& window, const ProgressSample& before,
                  const ProgressSample& after, double seconds);

// How many times slower `traced` ran than `untraced` (untraced calls/s
// over traced calls/s); 0 when either window has no calls.
double slowdown(const Rate& untraced, const Rate& traced);

} // namespace sctrace::compare
