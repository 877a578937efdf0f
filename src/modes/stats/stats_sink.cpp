#include "modes/stats/stats_sink.h"

#include <algorithm>
#include <utility>

namespace sctrace::stats {

Report StatsSink::total() const {
  Snapshot d = difference(last_, *first_);
  Report r =
      make_report(d, seconds(first_->kernel_ns, last_.kernel_ns), o_.report);
  stamp(r, first_->kernel_ns, last_.kernel_ns);
  return r;
}

// One snapshot, in output order: the first is the baseline; each later
// one closes an interval (with -i) and is the newest total.
void StatsSink::take(Snapshot snap) {
  largest_map_ = std::max(largest_map_, snap.largest_map);
  bad_keys_ = std::max(bad_keys_, snap.bad_keys);
  if (!first_) {
    first_ = snap;
    last_ = std::move(snap);
    return;
  }
  if (o_.interval_seconds > 0) {
    Snapshot d = difference(snap, last_);
    // The END snapshot closes a partial interval: report it when calls
    // happened in it.
    if (!snap.final || !d.syscalls.empty() || !d.processes.empty())
      emit_interval(d, last_.kernel_ns);
  }
  last_ = std::move(snap);
}

// Moves the report's kernel times (its span, each process's start) to
// the wall clock; a start of 0 (unknown) stays 0.
void StatsSink::stamp(Report& r, std::uint64_t start, std::uint64_t end) const {
  r.start_ns = wall(start);
  r.end_ns = wall(end);
  for (ProcessRow& p : r.processes)
    if (p.start_ns != 0)
      p.start_ns = wall(p.start_ns);
}

void StatsSink::emit_interval(const Snapshot& d, std::uint64_t start) {
  Report r = make_report(d, seconds(start, d.kernel_ns), o_.report);
  r.index = ++intervals_;
  stamp(r, start, d.kernel_ns);
  writer_.interval(r);
  writer_.flush();
}

} // namespace sctrace::stats
