#include "modes/monitor/kernel_cpu.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/cpu_usage.h"
#include "targets/cgroups.h"
#include "targets/comm_pattern.h"

namespace sctrace::monitor {

namespace {

std::uint64_t ticks_to_ns(std::uint64_t ticks) {
  static const long hz = ::sysconf(_SC_CLK_TCK);
  return ticks * (1'000'000'000ULL / static_cast<std::uint64_t>(hz));
}

// The system time of every CPU: the 3rd number of /proc/stat's "cpu" line.
std::optional<std::uint64_t> system_ns() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  std::uint64_t user = 0, nice = 0, system = 0;
  if (!(in >> cpu >> user >> nice >> system) || cpu != "cpu")
    return std::nullopt;
  return ticks_to_ns(system);
}

std::optional<std::uint64_t> cgroup_system_ns(const std::string& file) {
  std::ifstream in(file);
  std::string key;
  std::uint64_t value = 0;
  while (in >> key >> value)
    if (key == "system_usec")
      return value * 1000;
  return std::nullopt;
}

std::vector<pid_t> all_pids() {
  std::vector<pid_t> pids;
  DIR* dir = ::opendir("/proc");
  if (!dir)
    return pids;
  while (const dirent* e = ::readdir(dir)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (pid > 0 && end && *end == '\0')
      pids.push_back(static_cast<pid_t>(pid));
  }
  ::closedir(dir);
  return pids;
}

std::string cgroup_cpu_stat(const targets::TargetOptions& t) {
  auto group = t.container.empty() ? targets::resolve_cgroup(t.cgroup)
                                   : targets::resolve_container(t.container);
  return group ? group.value().path + "/cpu.stat" : std::string();
}

} // namespace

KernelCpuClock KernelCpuClock::for_target(const targets::TargetOptions& t) {
  KernelCpuClock c;
  if (t.all) {
    c.source_ = Source::System;
  } else if (!t.pids.empty()) {
    c.source_ = Source::Pids;
    for (std::int64_t pid : targets::unique_pids(t.pids))
      c.pids_.push_back(static_cast<pid_t>(pid));
  } else if (!t.comm.empty()) {
    // (An invalid pattern fails the trace before any sample.)
    auto comm = targets::parse_comm_pattern(t.comm);
    c.source_ = comm.ok() ? Source::Comm : Source::None;
    if (comm.ok())
      c.comm_ = *comm;
  } else if (!t.container.empty() || !t.cgroup.empty()) {
    c.cpu_stat_ = cgroup_cpu_stat(t);
    c.source_ = c.cpu_stat_.empty() ? Source::None : Source::Cgroup;
  }
  return c;
}

std::optional<std::uint64_t> KernelCpuClock::sample() {
  if (source_ == Source::None)
    return std::nullopt;
  if (source_ == Source::System || source_ == Source::Cgroup) {
    if (!sample_counter())
      return std::nullopt;
  } else {
    sample_processes();
  }
  first_ = false;
  return total_ns_;
}

// A system-wide or cgroup counter: its increase since the last sample (a
// counter that went back, as a re-created cgroup's, restarts the count).
std::optional<std::uint64_t> KernelCpuClock::sample_counter() {
  auto raw =
      source_ == Source::System ? system_ns() : cgroup_system_ns(cpu_stat_);
  if (!raw)
    return std::nullopt;
  if (last_raw_ns_ && *raw >= *last_raw_ns_)
    total_ns_ += *raw - *last_raw_ns_;
  last_raw_ns_ = raw;
  return raw;
}

void KernelCpuClock::sample_processes() {
  std::map<pid_t, std::uint64_t> seen;
  if (source_ == Source::Pids) {
    for (pid_t pid : pids_)
      if (auto t = engine::process_times(pid))
        add_process(pid, t->stime, seen);
  } else {
    for (pid_t pid : all_pids()) {
      auto t = engine::process_times(pid);
      if (t && targets::comm_matches(comm_, t->comm))
        add_process(pid, t->stime, seen);
    }
  }
  last_ticks_ = std::move(seen); // the gone ones are forgotten
}

// A process seen before adds its increase; a new one (or a reused pid
// whose stime went back) adds all of its stime, except at the first sample,
// which only sets the baseline.
void KernelCpuClock::add_process(pid_t pid, std::uint64_t ticks,
                                 std::map<pid_t, std::uint64_t>& seen) {
  seen[pid] = ticks;
  auto last = last_ticks_.find(pid);
  if (last != last_ticks_.end() && ticks >= last->second)
    total_ns_ += ticks_to_ns(ticks - last->second);
  else if (!first_)
    total_ns_ += ticks_to_ns(ticks);
}

} // namespace sctrace::monitor
