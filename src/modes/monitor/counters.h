// Arithmetic on monitor counters (monitor.h's SyscallCounters), by
// syscall name: the sums that turn a base and a bpftrace's cumulative
// snapshot into a total, and the differences that make an interval.
//
// Contract: every operation is total and saturating: a difference never
// wraps below zero, a sum never wraps above UINT64_MAX, and bucket vectors
// of any size (even empty) are accepted; results always have kBuckets
// buckets.
#pragma once

#include <map>
#include <string>

#include "modes/monitor/monitor.h"

namespace sctrace::monitor {

using CounterMap = std::map<std::string, SyscallCounters>;
// comm -> syscall -> calls.
using CommMap = std::map<std::string, std::map<std::string, std::uint64_t>>;

// into += add.
void add_counters(SyscallCounters& into, const SyscallCounters& add);
// now - before, each field at least 0.
SyscallCounters minus_counters(const SyscallCounters& now,
                               const SyscallCounters& before);
// Each field the larger of the two (a counter that went back is kept).
void keep_max(SyscallCounters& into, const SyscallCounters& other);

void add_all(CounterMap& into, const CounterMap& add);
// The syscalls whose numbers changed from before to now, each now -
// before (absent from before: taken whole).
CounterMap minus_all(const CounterMap& now, const CounterMap& before);
void keep_max_all(CounterMap& into, const CounterMap& other);

void add_all(CommMap& into, const CommMap& add);
void keep_max_all(CommMap& into, const CommMap& other);

// The top_n comms by calls (ties: by name), the rest summed per syscall
// under "other" (a comm named "other" is added to it too).
CommMap top_comms(const CommMap& all, int top_n);

} // namespace sctrace::monitor
