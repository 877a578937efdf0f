#include "modes/stats/report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "gen/syscall_table.h"

namespace sctrace::stats {

Result<SortKey> parse_sort_key(std::string_view t, bool latency) {
  if (t == "count")
    return SortKey::Count;
  if (t == "errors")
    return SortKey::Errors;
  if (t == "name")
    return SortKey::Name;
  if (!latency && t == "rate")
    return SortKey::Rate;
  if (latency && t == "total")
    return SortKey::Total;
  if (latency && t == "avg")
    return SortKey::Avg;
  if (latency && t == "max")
    return SortKey::Max;
  if (latency && t == "p99")
    return SortKey::P99;
  return make_error(ErrorKind::Invalid,
                    "unknown sort key '" + std::string(t) + "'; use " +
                        (latency ? "total, count, avg, max, p99, errors or "
                                   "name"
                                 : "count, rate, errors or name"));
}

std::uint64_t estimate_percentile(const SyscallStats& s, double q) {
  std::uint64_t n = 0;
  for (auto c : s.buckets)
    n += c;
  if (n == 0)
    return 0;
  double rank = std::max(1.0, std::ceil(q * static_cast<double>(n)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < s.buckets.size(); ++i) {
    std::uint64_t c = s.buckets[i];
    if (c == 0 || static_cast<double>(seen + c) < rank) {
      seen += c;
      continue;
    }
    double lo = static_cast<double>(bucket_low_ns(static_cast<int>(i)));
    double hi = static_cast<double>(bucket_high_ns(static_cast<int>(i)));
    if (s.max_ns && hi > static_cast<double>(s.max_ns) + 1)
      hi = static_cast<double>(s.max_ns) + 1;
    if (s.min_ns && lo < static_cast<double>(s.min_ns))
      lo = static_cast<double>(s.min_ns);
    if (hi < lo)
      hi = lo;
    // The rank's place inside the bucket, taking each call as the middle
    // of its share (one call lands mid-bucket, not at its top).
    double frac =
        (rank - static_cast<double>(seen) - 0.5) / static_cast<double>(c);
    // Counts near 2^64 lose precision as doubles, and the top bucket ends
    // at 2^64, which no uint64 holds: clamp before converting.
    double ns = std::clamp(lo + (hi - lo) * frac, lo, hi);
    if (ns >= 18446744073709551616.0)
      return UINT64_MAX;
    return static_cast<std::uint64_t>(ns);
  }
  return s.max_ns;
}

namespace {

Row make_row(long nr, const SyscallStats& s, double seconds) {
  Row r;
  r.nr = nr;
  r.name = gen::syscall_display_name(nr);
  r.stats = s;
  r.rate = seconds > 0 ? static_cast<double>(s.count) / seconds : 0;
  if (s.count && !s.buckets.empty()) {
    r.avg_ns = s.total_ns / s.count;
    r.p50_ns = estimate_percentile(s, 0.50);
    r.p90_ns = estimate_percentile(s, 0.90);
    r.p99_ns = estimate_percentile(s, 0.99);
  }
  return r;
}

bool row_before(const Row& a, const Row& b, SortKey key) {
  auto tie = [&] { return a.name < b.name; };
  auto by = [&](std::uint64_t x, std::uint64_t y) {
    return x != y ? x > y : tie();
  };
  switch (key) {
  case SortKey::Count:
  case SortKey::Rate:
    return by(a.stats.count, b.stats.count);
  case SortKey::Errors:
    return a.stats.errors != b.stats.errors ? a.stats.errors > b.stats.errors
                                            : by(a.stats.count, b.stats.count);
  case SortKey::Name:
    return tie();
  case SortKey::Total:
    return by(a.stats.total_ns, b.stats.total_ns);
  case SortKey::Avg:
    return by(a.avg_ns, b.avg_ns);
  case SortKey::Max:
    return by(a.stats.max_ns, b.stats.max_ns);
  case SortKey::P99:
    return by(a.p99_ns, b.p99_ns);
  }
  return tie();
}

// The per-syscall rows and totals; count -P keys by process, so there the
// per-syscall rows are the processes' sums.
void add_syscall_rows(Report& r, const Snapshot& delta, double seconds) {
  std::map<long, SyscallStats> summed;
  if (delta.syscalls.empty())
    for (const auto& [k, s] : delta.processes) {
      summed[k.nr].count += s.count;
      summed[k.nr].errors += s.errors;
    }
  for (const auto& [nr, s] : delta.syscalls.empty() ? summed : delta.syscalls) {
    r.rows.push_back(make_row(nr, s, seconds));
    r.total_count += s.count;
    r.total_errors += s.errors;
    r.total_ns += s.total_ns;
  }
}

// The comm with the most calls (the first by name on a tie); an empty
// comm (prctl(PR_SET_NAME, "")) competes like any other.
std::string busiest_comm(const std::map<std::string, std::uint64_t>& comms) {
  std::string out;
  bool chosen = false;
  std::uint64_t best = 0;
  for (const auto& [comm, n] : comms)
    if (!chosen || n > best) {
      out = comm;
      best = n;
      chosen = true;
    }
  return out;
}

// One row per process (count -P: pid and start time), unsorted, its
// syscalls by count.
void add_process_rows(Report& r, const Snapshot& delta, double seconds) {
  using Process = std::pair<std::uint32_t, std::uint64_t>; // pid, start
  std::map<Process, ProcessRow> by_process;
  std::map<Process, std::map<std::string, std::uint64_t>> comms;
  for (const auto& [k, s] : delta.processes) {
    const Process id{k.pid, k.start_ns};
    ProcessRow& p = by_process[id];
    p.pid = k.pid;
    p.start_ns = k.start_ns;
    p.count += s.count;
    p.errors += s.errors;
    comms[id][k.comm] += s.count;
    // The same syscall under two comms (exec): one row.
    auto it =
        std::find_if(p.syscalls.begin(), p.syscalls.end(),
                     [nr = k.nr](const Row& row) { return row.nr == nr; });
    if (it == p.syscalls.end()) {
      p.syscalls.push_back(make_row(k.nr, s, seconds));
    } else {
      it->stats.count += s.count;
      it->stats.errors += s.errors;
      it->rate =
          seconds > 0 ? static_cast<double>(it->stats.count) / seconds : 0;
    }
  }
  for (auto& [id, p] : by_process) {
    p.comm = busiest_comm(comms[id]);
    p.rate = seconds > 0 ? static_cast<double>(p.count) / seconds : 0;
    std::sort(p.syscalls.begin(), p.syscalls.end(),
              [](const Row& a, const Row& b) {
                return row_before(a, b, SortKey::Count);
              });
    r.processes.push_back(std::move(p));
  }
}

// Process order: by comm (Name), errors (Errors) or count (any other
// key); ties by pid, then start time, so a reused pid's rows keep their
// order.
bool process_before(const ProcessRow& a, const ProcessRow& b, SortKey sort) {
  const bool by_id = a.pid != b.pid ? a.pid < b.pid : a.start_ns < b.start_ns;
  if (sort == SortKey::Name)
    return a.comm != b.comm ? a.comm < b.comm : by_id;
  if (sort == SortKey::Errors && a.errors != b.errors)
    return a.errors > b.errors;
  return a.count != b.count ? a.count > b.count : by_id;
}

// Sorts rows and processes by options.sort, then keeps the top ones.
void sort_and_cut(Report& r, const ReportOptions& options) {
  std::sort(r.rows.begin(), r.rows.end(), [&](const Row& a, const Row& b) {
    return row_before(a, b, options.sort);
  });
  std::sort(r.processes.begin(), r.processes.end(),
            [&](const ProcessRow& a, const ProcessRow& b) {
              return process_before(a, b, options.sort);
            });
  r.syscalls_seen = r.rows.size();
  r.processes_seen = r.processes.size();
  if (options.top) {
    if (r.rows.size() > options.top)
      r.rows.resize(options.top);
    if (r.processes.size() > options.top)
      r.processes.resize(options.top);
  }
}

} // namespace

Report make_report(const Snapshot& delta, double seconds,
                   const ReportOptions& options) {
  Report r;
  r.seconds = seconds;
  add_syscall_rows(r, delta, seconds);
  add_process_rows(r, delta, seconds);
  sort_and_cut(r, options);
  return r;
}

} // namespace sctrace::stats
