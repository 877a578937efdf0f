// The bpftrace program behind `sctrace syscalls`: one event per syscall,
// entry and exit correlated per thread in the kernel.
//
// How it works: raw_syscalls:sys_enter stashes (time, number, six args) per
// thread; raw_syscalls:sys_exit takes the stash back and prints one tuple
// (gen/layout.h) whose values are, in order, the slots below. Syscalls
// whose event needs more (a sockaddr, a second path, a path read at entry)
// are printed by more raw_syscalls:sys_exit programs, each within bpftrace
// 0.17's 512-byte stack: one for the sockaddr and exec kinds (a branch
// each), one for two paths; each tests the syscall number first. Every
// exit runs every such program, so the fewer the cheaper, but all three
// kinds, or sockaddr and two paths, overflow the stack. (One
// syscalls:sys_exit_* probe per such syscall cost bpftrace most of its
// start-up: 33 programs to compile.) Strings are read at exit, when the kernel
// has already copied them (so the page is resident), except where
// syscall_args.h says otherwise (execve). Calls without an entry (started
// before tracing) and calls that never return (exit_group, a thread killed
// while blocked) are reported with a STATE; calls still in flight at the end
// are printed from END as the map
// @sctrace_call (tid -> (time, number, args...)).
// On bpftrace 0.23 the probes are the raw tracepoints (gen/raw_syscalls.h)
// and the stash is (time, number, address of the saved user registers):
// an exit reads the six arguments from the registers only where it prints
// (execve's are stashed at entry, as a successful exec clears them), and
// END builds @sctrace_call from the registers of the calls in flight.
//
// Contract:
//  - Every number, name and pid in the program comes from validated input
//    (syscall numbers from the table, comm through
//    bpftrace_string_literal), so no option can inject code.
//  - Selection, target, -z/-Z and the minimum duration are all applied in
//    the kernel: unwanted calls never cross into user space.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gen/generator.h"

namespace sctrace::gen {

// Value slots of the event tuple (integers in ints(), in this order).
enum SyscallIntSlot : int {
  kSlotNumber = 0,
  kSlotState = 1,
  kSlotArg0 = 2, // ... kSlotArg0 + 5
  kSlotReturn = 8,
  kSlotDuration = 9,
  kSyscallIntSlots = 10,
};

enum class CallState : int {
  Complete = 0,
  StartedBeforeTrace = 1, // exit seen, entry not
  NeverReturned = 2,      // the thread ended inside the call
};

struct SyscallTarget {
  std::vector<std::int64_t> pids; // processes (all their threads)
  std::string comm;               // comm (15 bytes max), or prefix
  bool comm_prefix = false;       // comm is a prefix: NAME*
  // pids and the processes they fork after the trace starts (strace -f
  // -p), through @sctrace_follow; only the syscalls program (syscalls,
  // slow) follows, the other programs take pids as they are.
  bool follow_forks = false;
  std::vector<std::uint64_t> cgroup_ids; // cgroup v2 ids
};

struct SyscallProgramOptions {
  SyscallTarget target;
  std::vector<int> syscalls; // numbers; empty = every syscall
  bool only_success = false; // -z
  bool only_failed = false;  // -Z
  std::uint64_t min_duration_ns = 0;
  // sctrace slow: per-syscall minimum durations; min_duration_ns applies
  // to the selected syscalls not listed here.
  std::vector<std::pair<int, std::uint64_t>> min_duration_by_syscall;
  // Count the calls under their minimum duration, per syscall, in the map
  // @sctrace_fast (printed at exit).
  bool count_fast = false;
  // Print the user stack before each event (gen/layout.h's STACK record).
  bool user_stack = false;
  // Also report the target's signals and process exits (strace's
  // "--- SIGCHLD {...} ---" and "+++ exited with 0 +++"), whatever the
  // selection and the result filters: the Signal and Exit probes below.
  bool process_events = false;
};

// The four event shapes (PROBE field and ProgramLayout index). All start
// with the int slots above; then:
enum class SyscallProbe : int {
  General = 0,    // STRING: the main path or name argument, or ""
  Sockaddr = 1,   // SOCKADDR bytes 0-7, 8-15, 16-23 (ints), sun_path
  TwoStrings = 2, // the main and the second path or name
  Exec = 3,       // the path, read at entry
  // process_events, with their own int slots (not the syscall's):
  Signal = 4, // delivered: SIG, CODE, then the sender's side kept at
              // generation: FOUND (0: not seen), SI_PID, SI_UID, STATUS
              // (the sender's exit_code), UTIME, STIME (clock ticks)
  Exit = 5,   // the process's last thread exited: EXIT_CODE (wait status)
};

// Int slots of the Signal and Exit probes.
enum ProcessSlot : int {
  kSignalNumber = 0,
  kSignalCode = 1,
  kSignalFound = 2,
  kSignalPid = 3,
  kSignalUid = 4,
  kSignalStatus = 5,
  kSignalUtime = 6,
  kSignalStime = 7,
  kSignalSlots = 8,
  kExitCode = 0,
};
std::string_view probe_kind_name(SyscallProbe kind);

// The largest str() size the probes fit on bpftrace 0.17 (smaller when the
// program has sockaddr or two-string probes), and the default on newer
// versions, which keep strings off the BPF stack.
int syscalls_string_size(const BpftraceVersion& version, bool special);

Result<GeneratedProgram> generate_syscalls(const SyscallProgramOptions& options,
                                           const KernelCatalog& catalog,
                                           const GenOptions& gen);

} // namespace sctrace::gen
