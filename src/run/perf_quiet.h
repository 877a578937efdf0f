// Takes a process's tracepoint perf events off the perf subsystem's sample
// path, leaving their BPF programs running.
//
// Why: a classic tracepoint's BPF programs run from its perf handler, and
// the kernel goes on to the sample path (perf_tp_event) of the perf events
// enabled on that CPU unless a program returns 0. bpftrace opens each
// probe's perf event on CPU 0 as a sampling event and its programs return
// 1, so every call that hits the tracepoint on CPU 0, by any process,
// traced or not, pays a sample nobody reads: about 1 us a call under
// `sctrace slow` on bpftrace 0.17 (docs/benchmarks.md, issue 17's
// thirteenth and twenty-first passes).
//
// What: for each of the process's file descriptors that is a perf event
// with a BPF program on a classic tracepoint (the kernel's
// BPF_TASK_FD_QUERY says so), a copy through pidfd_getfd() and
// PERF_EVENT_IOC_DISABLE on it. A disabled event leaves CPU 0's list of
// events to sample; its program stays in the tracepoint's program array and
// sees every hit on every CPU, as before. Raw tracepoints have no perf
// event. Uprobes and kprobes are left as they are: bpftrace's uprobes fire
// once (BEGIN, END), and their events' other effects were not verified
// (this project's machine has no kprobes).
//
// Contract:
//  - Costs nothing per call, and touches no other process's perf events:
//    perf stat, perf record and perf trace on the same tracepoints count
//    and sample as usual.
//  - Needs root (CAP_SYS_ADMIN for the query, and ptrace access to PID
//    for pidfd_getfd()); Linux 5.6 or later.
//  - A descriptor closed while it runs is skipped. Idempotent: an event
//    disabled already is disabled again.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "util/result.h"

namespace sctrace::run {

// Disables the tracepoint perf events of process PID (PIDFD: its pidfd)
// that carry a BPF program, and returns their tracepoints' names
// (sys_exit, sched_process_exit, ...) in descriptor order. Fails, saying
// which step and why, when PID's descriptors cannot be listed or one of
// its events cannot be copied or disabled.
Result<std::vector<std::string>> quiet_tracepoint_events(pid_t pid, int pidfd);

} // namespace sctrace::run
