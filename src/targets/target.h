// The process target shared by `sctrace syscalls`, `count`, `latency` and
// `slow`: which processes a trace covers, checked and resolved to what the
// generated program filters on in the kernel.
//
// Contract:
//  - Exactly one of pids, comm, container, cgroup, all and command is set;
//    anything else fails with ErrorKind::Invalid and a message naming the
//    options to use.
//  - Pids must exist now; a pid given twice counts once (the first place
//    it was given fixes the order); more than kMaxTargetPids distinct pids
//    are refused (ErrorKind::Invalid, saying what to use instead); --comm
//    is a name or a prefix glob (targets/comm_pattern.h), and one that could
//    never match (longer than the 15 bytes the kernel keeps, or a glob the
//    kernel cannot test) is refused rather than silently tracing nothing;
//    containers and cgroups resolve to cgroup v2 ids
//    (targets/cgroups.h).
//  - `command` is not resolved here: the session runs and follows it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gen/syscalls_program.h"
#include "util/result.h"

namespace sctrace::targets {

struct TargetOptions {
  std::vector<std::int64_t> pids;   // -p: processes, all their threads
  std::string comm;                 // --comm: a name, or a prefix glob NAME*
  std::string container;            // --container: ID or name
  std::string cgroup;               // --cgroup: cgroup v2 path
  bool all = false;                 // -a: the whole system
  std::vector<std::string> command; // -- CMD: run it, follow its forks
  // -- CMD's stdout goes to sctrace's stderr (engine::SessionOptions::
  // command_stdout_to_stderr): the mode writes a structured document to
  // sctrace's stdout.
  bool command_stdout_to_stderr = false;
};

// The most distinct -p pids a trace takes. The program compares pid with
// each one in its predicate (gen/syscall_target.h); docs/limits.md has the
// measurements on bpftrace 0.17 and 0.23 behind the number.
inline constexpr std::size_t kMaxTargetPids = 128;

// pids in the order given, each once.
std::vector<std::int64_t> unique_pids(const std::vector<std::int64_t>& pids);

Result<gen::SyscallTarget> resolve_target(const TargetOptions& options);

} // namespace sctrace::targets
