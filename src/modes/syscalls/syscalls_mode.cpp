#include "modes/syscalls/syscalls_mode.h"

#include "targets/selection.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "events/writer.h"
#include "gen/syscall_table.h"

namespace sctrace::syscalls {

namespace {

// The thresholds and the calls under them, from the map @sctrace_fast the
// program prints at exit (keyed by NR, a count each).
SlowStats slow_stats(const Thresholds& t,
                     const std::vector<events::MapRecord>& maps) {
  SlowStats s;
  s.default_threshold_ns = t.default_ns;
  for (const auto& [nr, ns] : t.by_syscall)
    s.thresholds.emplace_back(gen::syscall_display_name(nr), ns);
  std::map<std::string, std::uint64_t> fast;
  for (const auto& m : maps) {
    if (m.name != "@sctrace_fast" || !m.keyed)
      continue;
    fast.clear(); // bpftrace may print the map twice: keep the last
    for (const auto& [key, value] : m.entries) {
      long nr = 0;
      auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), nr);
      const events::MapInt* n = events::as_int(value);
      if (ec != std::errc() || !n || n->negative())
        continue;
      fast[gen::syscall_display_name(gen::exit_syscall_number(nr))] +=
          n->as_u64();
    }
  }
  for (const auto& [name, n] : fast) {
    s.fast_calls += n;
    s.fast_by_syscall.emplace_back(name, n);
  }
  std::stable_sort(
      s.fast_by_syscall.begin(), s.fast_by_syscall.end(),
      [](const auto& a, const auto& b) { return a.second > b.second; });
  return s;
}

void fill_tool_stats(ToolStats& t, const engine::SessionResult& r,
                     double duration_seconds) {
  t.events_captured = r.summary.total_events;
  t.events_dropped = r.summary.events_dropped;
  t.loss_exact = r.summary.loss_exact;
  t.lost_reported = r.summary.lost_reported;
  t.events_after_stop = r.summary.events_after_stop;
  t.ring_buffer_fills = r.summary.lost_records;
  t.cpu_overhead_percent =
      duration_seconds > 0 ? 100.0 * r.summary.cpu_seconds / duration_seconds
                           : 0;
  t.drained = r.summary.drained;
}

std::string dropped_warning(std::uint64_t dropped, int pages) {
  return std::to_string(dropped) +
         " events were dropped because bpftrace could not keep up; trace "
         "fewer syscalls (-e trace=...), one process (-p), or raise the "
         "buffer (--buffer-pages " +
         std::to_string(pages * 4) + ")";
}

std::vector<std::string> warnings_for(const ToolStats& stats, int pages) {
  std::vector<std::string> out;
  if (stats.events_dropped)
    out.push_back(dropped_warning(stats.events_dropped, pages));
  if (!stats.loss_exact)
    out.push_back(events::inexact_loss_warning());
  return out;
}

} // namespace

SyscallsMode::SyscallsMode(const SyscallsOptions& o,
                           gen::SyscallProgramOptions program,
                           const engine::Environment& env, int buffer_pages,
                           SyscallWriter& writer)
    : options_(o), program_(std::move(program)), buffer_pages_(buffer_pages),
      writer_(writer), catalog_(env.tracefs, gen::kVmlinuxBtf),
      decoder_(catalog_, 0), // str() size: from the program
      sink_(decoder_, writer) {
  sink_.set_min_duration(o.min_duration_ns);
  sink_.set_thresholds(o.thresholds);
  sink_.set_resolve_fds(o.resolve_fds);
  sink_.set_decode_fds(o.decode_fds);
  if (o.decode_fds > 0 && !o.selection.empty())
    if (auto shown = targets::parse_selection(o.selection); shown.ok())
      sink_.set_shown(*shown);
}

// The decoder learns the str() size the program is made with, and the
// sink the command's pid and (-y) the fds of the command and -p processes
// before they run traced.
Result<gen::GeneratedProgram>
SyscallsMode::program(const gen::KernelCatalog& catalog,
                      const gen::GenOptions& gen) {
  auto prog = gen::generate_syscalls(program_, catalog, gen);
  if (prog.ok())
    decoder_.set_string_size(prog->string_size);
  if (gen.follow_root) {
    sink_.set_command_pid(static_cast<std::uint32_t>(*gen.follow_root));
    sink_.snapshot_fds(static_cast<std::uint32_t>(*gen.follow_root));
  }
  for (std::int64_t pid : options_.target.pids)
    sink_.snapshot_fds(static_cast<std::uint32_t>(pid));
  return prog;
}

void SyscallsMode::finish(const engine::SessionResult& r,
                          const engine::Environment& env) {
  // -z/-Z keep only calls with a known result.
  if (!options_.only_success && !options_.only_failed)
    for (auto& e :
         decoder_.in_flight(r.maps, r.stop_monotonic_ns, r.clock_offset_ns))
      if (e.duration_ns.value_or(0) >= sink_.min_for(e.nr))
        sink_.add(e);
  fill_summary(r, env);
  writer_.finish(result_.summary);
  result_.warnings = warnings_for(result_.summary.tool_stats, buffer_pages_);
  if (writer_.failed() && !r.error)
    result_.error = make_error(ErrorKind::Io, "writing the output failed");
  result_.error = r.error ? r.error : result_.error;
  result_.bpftrace_stderr = r.bpftrace_stderr;
}

void SyscallsMode::fill_summary(const engine::SessionResult& r,
                                const engine::Environment& env) {
  SyscallSummary& sum = result_.summary;
  sink_.fill(sum);
  sum.duration_seconds = r.summary.duration_seconds;
  sum.syscalls_per_second =
      sum.duration_seconds > 0 ? sum.total_events / sum.duration_seconds : 0;
  sum.stop_reason = r.summary.stop_reason;
  sum.command_exit_code = r.summary.command_exit_code;
  fill_tool_stats(sum.tool_stats, r, sum.duration_seconds);
  sum.tool_stats.bpftrace_version = env.version.text();
  sum.tool_stats.string_size = decoder_.string_size();
  sum.tool_stats.buffer_pages = buffer_pages_;
  if (options_.thresholds)
    sum.slow = slow_stats(*options_.thresholds, r.maps);
}

} // namespace sctrace::syscalls
