// Reports: a snapshot difference (an interval, or the whole trace) turned
// into sorted rows with rates, averages and percentiles, ready for the
// writers (stats/output.h).
//
// Percentiles are estimated from the log2 histogram: the bucket holding
// the rank, interpolated linearly inside it, and kept within the observed
// min and max. They are exact to the bucket, not to the nanosecond.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "modes/stats/snapshot.h"
#include "util/result.h"

namespace sctrace::stats {

enum class SortKey { Count, Rate, Errors, Name, Total, Avg, Max, P99 };
Result<SortKey> parse_sort_key(std::string_view text, bool latency);

struct Row {
  long nr = 0;
  std::string name; // syscall name, or syscall_N when unknown
  SyscallStats stats;
  double rate = 0; // calls per second
  std::uint64_t avg_ns = 0, p50_ns = 0, p90_ns = 0, p99_ns = 0;
};

// count -P: one process, named by pid and start time (a pid the kernel
// reused is another row with the same pid).
struct ProcessRow {
  std::uint32_t pid = 0;
  // When the process started: ProcessKey::start_ns (CLOCK_MONOTONIC) from
  // make_report(), which the caller moves to the wall clock; 0: unknown.
  std::uint64_t start_ns = 0;
  std::string comm; // the comm with the most calls, if it changed
  std::uint64_t count = 0, errors = 0;
  double rate = 0;
  std::vector<Row> syscalls; // by count, descending
};

struct Report {
  int index = 0;                     // interval number (1-based); 0: the total
  std::uint64_t start_ns = 0;        // wall clock (CLOCK_REALTIME)
  std::uint64_t end_ns = 0;          // wall clock
  double seconds = 0;                // end - start
  std::vector<Row> rows;             // sorted, at most `top`
  std::vector<ProcessRow> processes; // count -P: sorted, at most `top`
  std::uint64_t total_count = 0, total_errors = 0, total_ns = 0;
  std::size_t syscalls_seen = 0; // rows before `top` cut them
  std::size_t processes_seen = 0;
};

// q in (0, 1]: the estimated q-quantile of a latency histogram.
std::uint64_t estimate_percentile(const SyscallStats& s, double q);

struct ReportOptions {
  SortKey sort = SortKey::Count;
  std::size_t top = 0; // 0: every row
};

Report make_report(const Snapshot& delta, double seconds,
                   const ReportOptions& options);

} // namespace sctrace::stats
