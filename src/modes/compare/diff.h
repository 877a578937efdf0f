// The comparison of one strace log with one sctrace log of the same
// command: per-syscall counts, paired calls (pairing.h), and the return
// values (return_compare.h) and arguments (arg_compare.h) of each pair.
//
// Contract (pure, total):
//  - Counts are over every call strace printed and every event sctrace
//    wrote, except sctrace's started_before_trace events: a child's return
//    from fork/clone, which strace does not print as a call. They are
//    counted apart (sctrace_started_before_trace).
//  - sctrace's events are put in entry order (timestamp) before pairing.
//  - Arguments compare by position, up to the shorter list (strace leaves
//    out arguments a call does not use, e.g. openat's mode) and
//    comparable_args().
//  - examples holds at most max_examples disagreements, the first of each
//    (kind, syscall, argument) first, then the next ones in log order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "modes/compare/sctrace_log.h"
#include "modes/compare/strace_log.h"

namespace sctrace::compare {

struct SyscallCount {
  std::string syscall;
  std::uint64_t strace = 0, sctrace = 0;
  bool match() const { return strace == sctrace; }
};

struct Disagreement {
  std::string kind; // "return" or "argument"
  std::string syscall;
  std::string argument; // the argument's name ("" for returns)
  int arg_index = -1;   // 0-based position
  std::size_t nth = 0;  // the thread's n-th call of syscall (1-based)
  std::uint32_t strace_tid = 0, sctrace_tid = 0;
  std::size_t strace_line = 0, sctrace_line = 0;
  std::string strace;       // strace's call text
  std::string sctrace_text; // sctrace's event as strace-style text
  std::string sctrace_json; // sctrace's event
  std::string detail;       // "strace: 3, sctrace: 4"
};

// How many disagreements one (kind, syscall, argument) has.
struct DisagreementCount {
  std::string kind, syscall, argument;
  std::uint64_t count = 0;
};

struct Diff {
  std::vector<SyscallCount> per_syscall; // by name
  std::size_t count_mismatches = 0;      // syscalls whose counts differ
  std::uint64_t strace_calls = 0, sctrace_calls = 0;
  std::uint64_t strace_unfinished = 0; // never resumed in strace's log
  std::uint64_t sctrace_started_before_trace = 0;
  // Pairing.
  std::size_t strace_threads = 0, sctrace_threads = 0;
  std::size_t paired_threads = 0, ambiguous_threads = 0;
  std::uint64_t paired_calls = 0, unpaired_strace = 0, unpaired_sctrace = 0;
  // Paired calls.
  std::uint64_t returns_compared = 0, returns_ignored = 0;
  std::uint64_t return_mismatches = 0;
  std::uint64_t arguments_compared = 0, arguments_ignored = 0;
  std::uint64_t argument_mismatches = 0;
  std::vector<DisagreementCount> by_kind; // most frequent first
  std::vector<Disagreement> examples;

  // Counts match and no return value differs.
  bool match() const { return count_mismatches == 0 && return_mismatches == 0; }
};

Diff diff_logs(const StraceLog& strace, const SctraceLog& sctrace,
               std::size_t max_examples = 20);

} // namespace sctrace::compare
