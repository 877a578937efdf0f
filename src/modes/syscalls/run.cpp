#include "modes/syscalls/run.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <utility>

#include "engine/mode.h"
#include "gen/syscalls_program.h"
#include "modes/syscalls/fd_table.h"
#include "modes/syscalls/syscalls_mode.h"
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
  if (!o.follow_forks && o.target.pids.empty())
    return invalid("--no-follow applies to -p only: a command after -- is "
                   "always followed, like strace -f, and --comm, "
                   "--container, --cgroup and -a match new processes by "
                   "themselves; drop --no-follow");
  p.target.follow_forks = o.follow_forks;
  p.process_events = o.process_events;
  if (!o.selection.empty()) {
    SCTRACE_TRY_ASSIGN(ids, targets::parse_selection(o.selection));
    p.syscalls = ids;
  }
  if (o.decode_fds > 0 && !p.syscalls.empty()) {
    // -y: the calls that change fds are traced too (the sink shows only
    // the selected ones), so the fd table stays right.
    SCTRACE_TRY_ASSIGN(fd_ids, targets::parse_selection(kFdTableSyscalls));
    p.syscalls.insert(p.syscalls.end(), fd_ids.begin(), fd_ids.end());
    std::sort(p.syscalls.begin(), p.syscalls.end());
    p.syscalls.erase(std::unique(p.syscalls.begin(), p.syscalls.end()),
                     p.syscalls.end());
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

// The session's options; the program is the mode's (or the dry run's).
engine::SessionOptions session_options(const SyscallsOptions& o,
                                       const gen::SyscallProgramOptions& p) {
  auto s = engine::mode_session_options(o, {}, p.target.pids); // each once
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
  engine::SessionOptions s = session_options(o, p);
  s.generator = [&p](const gen::KernelCatalog& catalog,
                     const gen::GenOptions& g) {
    return gen::generate_syscalls(p, catalog, g);
  };
  SCTRACE_TRY_ASSIGN(prog, engine::dry_run(s));
  return prog.text;
}

SyscallsResult run_syscalls(const SyscallsOptions& o, SyscallWriter& writer) {
  auto p = program_options(o);
  auto env = p.ok() ? engine::resolve_environment(o.bpftrace)
                    : Result<engine::Environment>(p.error());
  if (!env.ok()) {
    SyscallsResult res;
    res.error = env.error();
    return res;
  }
  engine::SessionOptions s = session_options(o, *p);
  s.buffer_pages =
      o.buffer_pages
          ? o.buffer_pages
          : choose_buffer_pages(o.target.all, env->dialect.shared_ring);
  SyscallsMode mode(o, std::move(*p), *env, s.buffer_pages, writer);
  engine::run_mode(mode, std::move(s), *env, o.diagnostics);
  return mode.result();
}

} // namespace sctrace::syscalls
