// Predicates shared by the syscall programs (syscalls, count, latency,
// slow): the parts of a bpftrace predicate that select the target's
// processes, and small helpers to combine them.
//
// Contract: every value in a predicate comes from validated numbers or
// through bpftrace_string_literal, so no target can inject code.
#pragma once

#include <string>
#include <vector>

#include "gen/generator.h"
#include "gen/syscalls_program.h"

namespace sctrace::gen {

// "a && b && c" ("" for none).
std::string join_and(const std::vector<std::string>& parts);
// PARTS without those in IMPLIED (which a probe's predicate, or an `||`
// around the test, makes already), in their order: each `pid` read left
// out is a helper call less on every syscall.
std::vector<std::string> parts_without(const std::vector<std::string>& parts,
                                       const std::vector<std::string>& implied);
// "(lhs == v1 || lhs == v2)" ("lhs == v1" for one value).
std::string any_of(const std::string& lhs,
                   const std::vector<std::string>& values);

// How a followed command (`-- CMD`) is matched.
enum class FollowMatch {
  Any,       // @sctrace_follow[pid] != 0: from the first traced syscall
  AfterExec, // @sctrace_follow[pid] == 1: after the command's execve, so
             // sctrace's own calls in the child before it (the release
             // read, see run/process.h) are not counted
};

// The task a predicate tests: the current one's builtins by default, or
// expressions of the same types for another task (a signal's receiver).
struct TaskFields {
  std::string pid = "pid";       // its tgid
  std::string comm = "comm";     // string[16]
  std::string cgroup = "cgroup"; // its cgroup v2 id
};

// sctrace's own pids (GenOptions::exclude_pids) that a predicate must
// still test: none of them when the target names its pids without
// following their forks, as `pid == N` already leaves sctrace out (one
// test less on every syscall), except a named pid that is sctrace's own.
// The trace programs' predicate (gen/generator.cpp) follows the same rule.
std::vector<std::int64_t> own_pids_to_exclude(const SyscallTarget& target,
                                              const GenOptions& gen);

// Predicate parts for the target: sctrace's own pids excluded (as above), the
// followed command, pids (@sctrace_follow[pid] when target.follow_forks:
// the program puts them in that map, see syscalls_program.h; a lone -p
// pid, and with FollowMatch::Any the command's pid, is tested by number
// before the map), comm, cgroup ids; of TASK.
std::vector<std::string> target_predicate_parts(const SyscallTarget& target,
                                                const GenOptions& gen,
                                                FollowMatch follow,
                                                const TaskFields& task = {});

} // namespace sctrace::gen
