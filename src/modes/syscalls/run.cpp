#include "modes/syscalls/run.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>

#include "engine/session.h"
#include "events/writer.h"
#include "gen/syscall_table.h"
#include "gen/syscalls_program.h"
#include "modes/syscalls/decoder.h"
#include "modes/syscalls/fd_paths.h"
#include "run/bpftrace.h"
#include "targets/selection.h"

namespace sctrace::syscalls {

namespace {

Error invalid(std::string m) {
  return make_error(ErrorKind::Invalid, std::move(m));
}

Result<gen::SyscallProgramOptions> program_options(const SyscallsOptions& o) {
  gen::SyscallProgramOptions p;
  SCTRACE_TRY_ASSIGN(target, targets::resolve_target(o.target));
  p.target = std::move(target);
  if (!o.selection.empty()) {
    SCTRACE_TRY_ASSIGN(ids, targets::parse_selection(o.selection));
    p.syscalls = ids;
  }
  if (o.only_success && o.only_failed)
    return invalid("-z (successful calls only) and -Z (failed calls only) "
                   "exclude each other; use one of them");
  p.only_success = o.only_success;
  p.only_failed = o.only_failed;
  p.min_duration_ns = o.min_duration_ns;
  if (o.thresholds) {
    if (o.min_duration_ns)
      return invalid("--min-duration and thresholds overlap; use one");
    const Thresholds& t = *o.thresholds;
    if (!t.default_ns) {
      // Only the syscalls with a threshold (within -e's selection).
      std::vector<int> listed;
      for (const auto& [nr, ns] : t.by_syscall)
        if (p.syscalls.empty() ||
            std::find(p.syscalls.begin(), p.syscalls.end(), nr) !=
                p.syscalls.end())
          listed.push_back(nr);
      if (listed.empty())
        return invalid("no syscall with a threshold is selected");
      p.syscalls = listed;
    }
    p.min_duration_ns = t.default_ns.value_or(0);
    p.min_duration_by_syscall = t.by_syscall;
    p.count_fast = true;
  }
  p.user_stack = o.user_stack;
  return p;
}

engine::SessionOptions session_options(const SyscallsOptions& o,
                                       const gen::SyscallProgramOptions& p) {
  auto s = engine::mode_session_options(
      o,
      [p](const gen::KernelCatalog& catalog, const gen::GenOptions& g) {
        return gen::generate_syscalls(p, catalog, g);
      },
      p.target.pids); // resolved: each pid once
  s.string_size = o.string_size;
  return s;
}

std::uint64_t mem_available_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::uint64_t kb = 0;
  std::string unit;
  while (in >> key >> kb >> unit)
    if (key == "MemAvailable:")
      return kb * 1024;
  return 1ULL << 30;
}

// Decodes, filters and counts events on their way to the writer.
class SyscallSink final : public events::EventSink {
public:
  SyscallSink(SyscallDecoder& decoder, SyscallWriter& writer)
      : decoder_(decoder), writer_(writer) {}
  // `-- CMD`: the command's process waits in read() to be released
  // (run/process.h) and then calls execve. That read is sctrace's, not
  // the command's: it is the one call there that started before tracing.
  void set_command_pid(std::uint32_t pid) { command_pid_ = pid; }
  void set_min_duration(std::uint64_t ns) { min_duration_ns_ = ns; }
  void set_thresholds(const std::optional<Thresholds>& t) { thresholds_ = t; }
  void set_resolve_fds(bool on) { resolve_fds_ = on; }
  // The minimum duration of a syscall's events (0: none).
  std::uint64_t min_for(int nr) const {
    return thresholds_ ? thresholds_->for_syscall(nr).value_or(0)
                       : min_duration_ns_;
  }
  void on_event(const events::TraceEvent& raw) override {
    decoder_.decode(raw, event_);
    if (command_pid_ && event_.pid == command_pid_ &&
        event_.unfinished == Unfinished::StartedBeforeTrace)
      return;
    if (event_.unfinished == Unfinished::NeverReturned &&
        event_.duration_ns.value_or(0) < min_for(event_.nr))
      return; // filtered here, not in the kernel (gen/syscalls_program.cpp)
    add(event_);
  }
  void add(SyscallEvent& e) {
    if (resolve_fds_)
      for (const auto& a : e.args)
        if (a.kind == SyscallArg::Kind::Int && is_fd_argument(a.name))
          if (auto what = describe_fd(e.pid, a.number))
            e.fd_paths.emplace_back(a.name, std::move(*what));
    writer_.event(e);
    ++total_;
    auto& c = counts_[e.syscall];
    ++c.count;
    if (e.error) {
      ++c.errors;
      ++errors_;
    }
    if (e.duration_ns && e.unfinished == Unfinished::No)
      c.total_ns += *e.duration_ns;
    if (e.unfinished != Unfinished::No)
      ++unfinished_;
    else
      ++completed_;
    for (const auto& x : e.extraction_errors)
      if (x.ends_with("_read_failed"))
        ++path_failures_;
  }
  void fill(SyscallSummary& s) const {
    s.total_events = total_;
    s.unfinished_calls = unfinished_;
    s.error_rate = completed_ ? static_cast<double>(errors_) / completed_ : 0;
    s.tool_stats.filename_resolution_failures = path_failures_;
    for (const auto& [name, c] : counts_)
      s.per_syscall.push_back(
          SyscallCount{name, c.count, c.errors, c.total_ns});
    std::stable_sort(
        s.per_syscall.begin(), s.per_syscall.end(),
        [](const auto& a, const auto& b) { return a.count > b.count; });
  }

private:
  struct Count {
    std::uint64_t count = 0, errors = 0, total_ns = 0;
  };
  SyscallDecoder& decoder_;
  SyscallWriter& writer_;
  SyscallEvent event_;
  std::map<std::string, Count> counts_;
  std::uint32_t command_pid_ = 0;
  std::uint64_t min_duration_ns_ = 0;
  std::optional<Thresholds> thresholds_;
  bool resolve_fds_ = false;
  std::uint64_t total_ = 0, errors_ = 0, unfinished_ = 0, completed_ = 0,
                path_failures_ = 0;
};

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

} // namespace

int choose_buffer_pages(bool whole_system, bool shared_ring) {
  // Up to 1/64 of the available memory, split over the CPUs for per-CPU
  // buffers (bpftrace 0.17); at least bpftrace's default. Caps: 16 MiB per
  // CPU buffer, 64 MiB for the one shared ring of 0.18+ (which every CPU
  // fills at once), four times that for the whole system.
  std::uint64_t budget = mem_available_bytes() / 64;
  long cpus = std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN));
  if (!shared_ring)
    budget /= static_cast<std::uint64_t>(cpus);
  std::uint64_t cap = (shared_ring ? 64ULL : 16ULL) << 20;
  if (whole_system)
    cap *= 4;
  budget = std::min(budget, cap);
  std::uint64_t pages = 64;
  while (pages * 2 * 4096 <= budget)
    pages *= 2;
  return static_cast<int>(pages);
}

Result<std::string> syscalls_dry_run(const SyscallsOptions& o) {
  SCTRACE_TRY_ASSIGN(p, program_options(o));
  SCTRACE_TRY_ASSIGN(prog, engine::dry_run(session_options(o, p)));
  return prog.text;
}

namespace {

// The program generator, wrapped so that the decoder learns the str() size
// the program is made with and the sink the command's pid.
void follow_generation(engine::SessionOptions& s, SyscallDecoder& decoder,
                       SyscallSink& sink) {
  auto generator = s.generator;
  s.generator = [&decoder, &sink, generator](const gen::KernelCatalog& c,
                                             const gen::GenOptions& g) {
    auto prog = generator(c, g);
    if (prog.ok())
      decoder.set_string_size(prog->string_size);
    if (g.follow_root)
      sink.set_command_pid(static_cast<std::uint32_t>(*g.follow_root));
    return prog;
  };
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

std::vector<std::string> warnings_for(const ToolStats& stats,
                                      const engine::SessionResult& r,
                                      int pages) {
  std::vector<std::string> out;
  if (stats.events_dropped)
    out.push_back(dropped_warning(stats.events_dropped, pages));
  if (!stats.loss_exact)
    out.push_back(events::inexact_loss_warning());
  if (r.withheld_stacks > 0)
    out.push_back(events::withheld_stacks_warning(r.withheld_stacks));
  return out;
}

} // namespace

SyscallsResult run_syscalls(const SyscallsOptions& o, SyscallWriter& writer) {
  SyscallsResult res;
  auto p = program_options(o);
  auto env = p.ok() ? engine::resolve_environment(o.bpftrace)
                    : Result<engine::Environment>(p.error());
  if (!env.ok()) {
    res.error = env.error();
    return res;
  }
  gen::TracefsCatalog catalog(env->tracefs);
  engine::SessionOptions s = session_options(o, *p);
  const int pages =
      o.buffer_pages
          ? o.buffer_pages
          : choose_buffer_pages(o.target.all, env->dialect.shared_ring);
  s.buffer_pages = pages;
  SyscallDecoder decoder(catalog, 0); // str() size: from the program
  SyscallSink sink(decoder, writer);
  sink.set_min_duration(o.min_duration_ns);
  sink.set_thresholds(o.thresholds);
  sink.set_resolve_fds(o.resolve_fds);
  follow_generation(s, decoder, sink);
  s.on_batch = [&writer] { writer.flush(); };
  s.output_failed = [&writer] { return writer.failed(); };

  engine::SessionResult r =
      engine::run_session(std::move(s), *env, sink, o.diagnostics);
  // -z/-Z keep only calls with a known result.
  if (!o.only_success && !o.only_failed)
    for (auto& e :
         decoder.in_flight(r.maps, r.stop_monotonic_ns, r.clock_offset_ns))
      if (e.duration_ns.value_or(0) >= sink.min_for(e.nr))
        sink.add(e);

  SyscallSummary& sum = res.summary;
  sink.fill(sum);
  sum.duration_seconds = r.summary.duration_seconds;
  sum.syscalls_per_second =
      sum.duration_seconds > 0 ? sum.total_events / sum.duration_seconds : 0;
  sum.stop_reason = r.summary.stop_reason;
  sum.command_exit_code = r.summary.command_exit_code;
  fill_tool_stats(sum.tool_stats, r, sum.duration_seconds);
  sum.tool_stats.bpftrace_version = env->version.text();
  sum.tool_stats.string_size = decoder.string_size();
  sum.tool_stats.buffer_pages = pages;
  if (o.thresholds)
    sum.slow = slow_stats(*o.thresholds, r.maps);
  writer.finish(sum);
  res.warnings = warnings_for(sum.tool_stats, r, pages);
  if (writer.failed() && !r.error)
    res.error = make_error(ErrorKind::Io, "writing the output failed");
  res.error = r.error ? r.error : res.error;
  res.bpftrace_stderr = r.bpftrace_stderr;
  return res;
}

} // namespace sctrace::syscalls
