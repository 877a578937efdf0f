// The kernel CPU time of a monitor's target, sampled with each snapshot:
// the time its threads ran in the kernel (system time). It is not the
// syscall counters' total_ns, which includes the time a call spent
// blocked (a futex wait, a poll) and can exceed the CPUs there are.
//
// Contract:
//  - The source follows the target: -a, the system time of every CPU
//    (/proc/stat); -p, each pid's stime (/proc/PID/stat: all the
//    process's threads, not its children); --comm, the stime of each
//    process whose comm matches, found by a scan of /proc at each sample;
//    --container and --cgroup, the group's cpu.stat system_usec (the
//    groups below it included). -- CMD has no source: the monitor does
//    not know the command's pids.
//  - sample() returns the ns counted since the first sample, never
//    decreasing. Per-process sources add up each process's increases, so
//    a process that exits keeps what it counted; one first seen after
//    the first sample counts its whole stime; one that starts and ends
//    between two samples is missed. Resolution: a clock tick (10 ms at
//    USER_HZ 100) from /proc, 1 us from a cgroup.
//  - sample() returns nullopt when the target has no source or the source
//    cannot be read (a removed cgroup); has_source() says which.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "targets/comm_pattern.h"
#include "targets/target.h"

namespace sctrace::monitor {

class KernelCpuClock {
public:
  KernelCpuClock() = default; // no source
  static KernelCpuClock for_target(const targets::TargetOptions& target);

  bool has_source() const { return source_ != Source::None; }
  std::optional<std::uint64_t> sample();

private:
  enum class Source { None, System, Pids, Comm, Cgroup };
  std::optional<std::uint64_t> sample_counter();
  void sample_processes();
  void add_process(pid_t pid, std::uint64_t stime_ticks,
                   std::map<pid_t, std::uint64_t>& seen);

  Source source_ = Source::None;
  std::vector<pid_t> pids_;
  targets::CommPattern comm_;
  std::string cpu_stat_; // cgroup's cpu.stat file
  bool first_ = true;
  std::optional<std::uint64_t> last_raw_ns_;  // System and Cgroup
  std::map<pid_t, std::uint64_t> last_ticks_; // Pids and Comm
  std::uint64_t total_ns_ = 0;
};

} // namespace sctrace::monitor
