// The /metrics text (render.h).
#include "exporter/render.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "decode/errno_names.h"
#include "exporter/duration_buckets.h"
#include "exporter/exposition.h"

namespace sctrace::exporter {

namespace {

using Counters = std::map<std::string, monitor::SyscallCounters>;

std::string errno_label(int err) {
  std::string_view name = decode::errno_name(err);
  return name.empty() ? std::to_string(err) : std::string(name);
}

void write_calls(ExpositionWriter& w, const Counters& total) {
  w.family("syscall_total", "counter", "Completed syscalls, by syscall name.");
  for (const auto& [name, c] : total)
    w.sample("syscall_total", {{"syscall", name}}, c.calls);
}

void write_errors(ExpositionWriter& w, const Counters& total) {
  w.family("syscall_errors_total", "counter",
           "Failed syscalls (-4095..-1), by syscall and errno name.");
  for (const auto& [name, c] : total) {
    std::vector<std::pair<std::string, std::uint64_t>> rows;
    for (const auto& [err, n] : c.errnos)
      rows.emplace_back(errno_label(err), n);
    std::sort(rows.begin(), rows.end());
    for (const auto& [label, n] : rows)
      w.sample("syscall_errors_total", {{"errno", label}, {"syscall", name}},
               n);
  }
}

void write_histogram(ExpositionWriter& w, const Counters& total) {
  constexpr std::string_view bucket = "syscall_duration_seconds_bucket";
  w.family("syscall_duration_seconds", "histogram",
           "Syscall durations in seconds (log2 buckets: le is 2^k-1 ns).");
  std::vector<std::string> les;
  for (int k = kFirstLeIndex; k <= kLastLeIndex; ++k)
    les.push_back(format_double(le_seconds(k)));
  les.push_back("+Inf");
  for (const auto& [name, c] : total) {
    const std::vector<std::uint64_t> cum = cumulative_counts(c.buckets);
    for (std::size_t i = 0; i < cum.size(); ++i)
      w.sample(bucket, {{"le", les[i]}, {"syscall", name}}, cum[i]);
    w.sample("syscall_duration_seconds_sum", {{"syscall", name}},
             static_cast<double>(c.total_ns) / 1e9);
    w.sample("syscall_duration_seconds_count", {{"syscall", name}}, cum.back());
  }
}

std::vector<std::uint64_t> window_buckets(const std::string& name,
                                          const monitor::SyscallCounters& c,
                                          const monitor::Snapshot* base) {
  if (base == nullptr)
    return c.buckets;
  auto it = base->total.find(name);
  if (it == base->total.end())
    return c.buckets;
  return bucket_delta(c.buckets, it->second.buckets);
}

void write_quantiles(ExpositionWriter& w, const Counters& total,
                     const RenderOptions& o) {
  constexpr std::string_view family = "syscall_duration_quantile_seconds";
  w.family(family, "summary",
           "Syscall duration quantiles in seconds, estimated from the "
           "histogram buckets over the exporter's quantile window.");
  std::vector<double> qs = o.quantiles;
  std::sort(qs.begin(), qs.end());
  for (const auto& [name, c] : total) {
    const auto buckets = window_buckets(name, c, o.window_base);
    for (double q : qs) {
      auto value = estimate_quantile(buckets, q);
      if (!value)
        break;
      const std::string label = format_double(q);
      w.sample(family, {{"quantile", label}, {"syscall", name}}, *value);
    }
    w.sample("syscall_duration_quantile_seconds_sum", {{"syscall", name}},
             static_cast<double>(c.total_ns) / 1e9);
    w.sample("syscall_duration_quantile_seconds_count", {{"syscall", name}},
             c.calls);
  }
}

void write_slow(ExpositionWriter& w, const Counters& total) {
  w.family("syscall_slow_total", "counter",
           "Syscalls slower than their threshold (--threshold).");
  for (const auto& [name, c] : total)
    w.sample("syscall_slow_total", {{"syscall", name}}, c.slow);
}

void write_by_comm(ExpositionWriter& w, const monitor::Snapshot& s) {
  if (s.by_comm.empty())
    return;
  constexpr std::string_view family = "syscall_calls_by_comm_total";
  w.family(family, "counter",
           "Completed syscalls by process name (--by comm: the top N "
           "names, the rest under \"other\") and syscall.");
  for (const auto& [comm, calls] : s.by_comm)
    for (const auto& [name, n] : calls)
      w.sample(family, {{"comm", comm}, {"syscall", name}}, n);
}

void write_self(ExpositionWriter& w, const monitor::Snapshot& s,
                const RenderOptions& o) {
  auto counter = [&w](std::string_view name, std::string_view help,
                      std::uint64_t value) {
    w.family(name, "counter", help);
    w.sample(name, {}, value);
  };
  counter("sctrace_events_dropped_total",
          "Slow-call events bpftrace lost (its ring buffer was full).",
          s.events_dropped);
  counter("sctrace_map_full_total",
          "Counter updates refused because a BPF map was full.", s.map_full);
  counter("sctrace_slow_dropped_total",
          "Slow calls past the per-snapshot cap (counted, not listed).",
          s.slow_dropped);
  counter("sctrace_bpftrace_restarts_total",
          "Times bpftrace ended unexpectedly and was started again.",
          s.restarts);
  w.family("sctrace_bpftrace_up", "gauge",
           "1 when a bpftrace is attached and reporting, else 0.");
  w.sample("sctrace_bpftrace_up", {}, std::uint64_t{s.bpftrace_up ? 1u : 0u});
  w.family("sctrace_scrape_duration_seconds", "gauge",
           "Time the previous scrape took to render, in seconds.");
  w.sample("sctrace_scrape_duration_seconds", {}, o.scrape_duration_seconds);
}

} // namespace

std::string render_metrics(const monitor::Snapshot& snapshot,
                           const RenderOptions& options) {
  ExpositionWriter w;
  write_calls(w, snapshot.total);
  write_errors(w, snapshot.total);
  write_histogram(w, snapshot.total);
  write_quantiles(w, snapshot.total, options);
  write_slow(w, snapshot.total);
  write_by_comm(w, snapshot);
  write_self(w, snapshot, options);
  return w.take();
}

} // namespace sctrace::exporter
