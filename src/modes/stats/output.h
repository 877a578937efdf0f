// Output of `sctrace count` and `sctrace latency`: text tables (thousands
// separators, bcc-style ASCII histograms), json (one document
// {"type", "intervals": [...], "total": {...}, "summary": {...}}), jsonl
// (an "interval" line per interval, then "total" and "summary") and csv
// (one row per syscall, or per process and syscall with -P, and per
// interval). JSON follows specs/syscall_stats.schema.json; strings are
// valid UTF-8 and CSV quotes what needs it, so no comm can break a format.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "gen/stats_program.h"
#include "modes/stats/report.h"
#include "util/result.h"

namespace sctrace::stats {

struct StatsToolStats {
  std::string bpftrace_version;
  double cpu_overhead_percent = 0; // sctrace + bpftrace CPU over wall time
  int map_keys = 0;                // keys each map holds
  std::size_t largest_map = 0;     // most keys one map had
  bool map_full = false;           // a map reached map_keys: counts lost
  std::uint64_t bad_keys = 0;      // map keys that did not parse
  std::uint64_t helper_errors = 0;
  // Updates bpftrace dropped (engine::SessionResult::map_updates_lost) on
  // a version whose programs are not written against that race (0 on 0.17
  // and 0.23, gen::Dialect::racy_key_creation): calls missing.
  std::uint64_t updates_lost = 0;
  bool drained = false;
};

struct StatsSummary {
  double duration_seconds = 0;
  std::uint64_t total_calls = 0, total_errors = 0;
  double calls_per_second = 0;
  int intervals = 0;
  std::string stop_reason;
  std::optional<int> command_exit_code;
  StatsToolStats tool_stats;
};

struct StatsTextOptions {
  std::size_t histograms = 3; // latency: histograms of the first N rows
  bool per_process = false;   // count -P: the process table
};

class StatsWriter {
public:
  virtual ~StatsWriter() = default;
  virtual void interval(const Report& r) = 0;
  virtual void total(const Report& r) = 0;
  virtual void finish(const StatsSummary& s) = 0;
  void flush() { out_.flush(); }
  bool failed() const { return out_.fail(); }

protected:
  explicit StatsWriter(std::ostream& out) : out_(out) {}
  std::ostream& out_;
  std::string buf_;
};

// format: text, json, jsonl or csv.
Result<std::unique_ptr<StatsWriter>>
make_stats_writer(std::string_view format, gen::StatsKind kind,
                  const StatsTextOptions& text, std::ostream& out);

// Building blocks (also for tests).
std::string with_separators(std::uint64_t n); // 1234567 -> "1,234,567"
std::string human_duration(std::uint64_t ns); // "512ns", "1.25us", "45.2ms"
void append_report_json(std::string& out, const Report& r, gen::StatsKind kind);
void append_stats_summary_json(std::string& out, const StatsSummary& s);
// bcc-style histogram: "usecs : count distribution" rows.
void append_histogram_text(std::string& out, const SyscallStats& s);

} // namespace sctrace::stats
