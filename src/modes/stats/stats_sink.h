// StatsSink: turns the stats program's printed maps into snapshots as they
// arrive (SnapshotCollector), writes an interval report for each one with
// -i, and keeps the first and last snapshot for the total.
//
// Contract: maps arrive in output order through on_map (every one is
// taken); finish() is called once the output has ended, for the final
// snapshot END printed. Reports carry wall-clock times (offset: kernel
// monotonic to realtime). The options must outlive the sink.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "events/bpftrace_parser.h"
#include "modes/stats/output.h"
#include "modes/stats/report.h"
#include "modes/stats/run.h"
#include "modes/stats/snapshot.h"

namespace sctrace::stats {

class StatsSink final : public events::EventSink {
public:
  StatsSink(StatsWriter& writer, const StatsOptions& o, std::int64_t offset,
            bool escaped_keys)
      : writer_(writer), o_(o), offset_(offset), collector_(escaped_keys) {}
  void on_event(const events::TraceEvent&) override {}
  bool on_map(const events::MapRecord& map) override {
    if (auto snap = collector_.add(map))
      take(std::move(*snap));
    return true;
  }
  // The output has ended: takes the final snapshot, when END printed one.
  void finish() {
    if (auto snap = collector_.finish())
      take(std::move(*snap));
  }
  std::uint64_t repeated_maps() const { return collector_.repeated_maps(); }
  bool has_total() const { return first_ && last_.final; }
  Report total() const;
  double seconds_total() const {
    return first_ ? seconds(first_->kernel_ns, last_.kernel_ns) : 0;
  }
  int intervals() const { return intervals_; }
  std::size_t largest_map() const { return largest_map_; }
  std::uint64_t bad_keys() const { return bad_keys_; }

private:
  void take(Snapshot snap);
  static double seconds(std::uint64_t a, std::uint64_t b) {
    return b > a ? static_cast<double>(b - a) / 1e9 : 0;
  }
  std::uint64_t wall(std::uint64_t kernel_ns) const {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(kernel_ns) +
                                      offset_);
  }
  void stamp(Report& r, std::uint64_t start, std::uint64_t end) const;
  void emit_interval(const Snapshot& d, std::uint64_t start);

  StatsWriter& writer_;
  const StatsOptions& o_;
  std::int64_t offset_;
  SnapshotCollector collector_;
  std::optional<Snapshot> first_;
  Snapshot last_;
  int intervals_ = 0;
  std::size_t largest_map_ = 0;
  std::uint64_t bad_keys_ = 0;
};

} // namespace sctrace::stats
