// sctrace_workload's pid_reuse mode (issue 12.7): two processes, one
// after the other, with the same pid, each making a known number of
// getppid calls.
#pragma once

namespace sctrace::workload {

// Forks child A, which calls getppid `first` times and exits; reaps it;
// then, up to 200 times, writes A's pid - 1 to
// /proc/sys/kernel/ns_last_pid (root only) and forks: a child that got
// A's pid calls getppid `second` times, any other exits at once without
// calling getppid (another process took the pid first). The parent itself
// never calls getppid.
// Prints "pid P reused after N forks" and returns 0 on success; returns 3
// (with the reason on stderr) when the pid was never handed out again, 1
// when a fork, wait or the ns_last_pid write failed.
int pid_reuse(long first, long second);

} // namespace sctrace::workload
