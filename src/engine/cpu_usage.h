// CPU time a session costs: the calling thread (the session's own) plus a
// running child (bpftrace), read from /proc; and the /proc/PID/stat reader
// other CPU accounting shares (modes/monitor/kernel_cpu.h).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace sctrace::engine {

// User + system seconds of the calling thread and of process `child`.
// Sessions run one per thread, so concurrent sessions do not count each
// other's work.
double cpu_seconds(pid_t child);

// A process's comm and CPU times in clock ticks (sysconf(_SC_CLK_TCK)),
// from /proc/PID/stat: every thread of the process, not its children.
struct ProcessTimes {
  std::string comm;
  std::uint64_t utime = 0, stime = 0;
};
// nullopt when the process is gone or its stat line cannot be read.
std::optional<ProcessTimes> process_times(pid_t pid);

} // namespace sctrace::engine
