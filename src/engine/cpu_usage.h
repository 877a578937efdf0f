// CPU time a session costs: the calling thread (the session's own) plus a
// running child (bpftrace), read from /proc.
#pragma once

#include <sys/types.h>

namespace sctrace::engine {

// User + system seconds of the calling thread and of process `child`.
// Sessions run one per thread, so concurrent sessions do not count each
// other's work.
double cpu_seconds(pid_t child);

} // namespace sctrace::engine
