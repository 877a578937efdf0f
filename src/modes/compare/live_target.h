// The running processes `sctrace compare` attaches both tracers to: -p
// PIDs, --comm NAME or --container ID|NAME, resolved once, before either
// tracer starts, so that both trace the same processes.
//
// Contract:
//  - Exactly one of pids, comm and container is set; otherwise Invalid.
//  - pids must exist (NotFound names the first that does not).
//  - comm matches /proc/PID/comm exactly, or as a glob (fnmatch: *, ?,
//    [...]) when it has one of those characters; processes whose comm is
//    sctrace's or strace's own are never taken.
//  - container resolves as `sctrace syscalls --container` does
//    (targets::resolve_container) to the processes in its cgroup and the
//    groups below it.
//  - No match is NotFound, saying what was looked for. The result is
//    sorted, each pid once, at most kMaxComparePids (more is Invalid:
//    strace attaches with one ptrace per thread).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "util/result.h"

namespace sctrace::compare {

inline constexpr std::size_t kMaxComparePids = 128;

struct LiveTarget {
  std::vector<std::int64_t> pids;
  std::string comm;
  std::string container;
  bool set() const {
    return !pids.empty() || !comm.empty() || !container.empty();
  }
};

Result<std::vector<pid_t>> resolve_live_target(const LiveTarget& target);

// "pid 12", "pids 12,13", "comm nginx", "container web-1": for the report.
std::string describe_target(const LiveTarget& target);

} // namespace sctrace::compare
