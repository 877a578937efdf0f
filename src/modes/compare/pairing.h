// Pairing the calls of two runs of the same command.
//
// Process and thread ids differ between runs, so threads are matched by
// order of first appearance: run A's first thread with run B's first, and
// so on. The n-th call of syscall S by a thread is paired with the n-th
// call of S by the matched thread.
//
// Contract (pure, total):
//  - The first threads (the command itself) always match.
//  - A thread match is unambiguous unless the fork tree contradicts it:
//    when the n-th clone/clone3/fork/vfork of two matched threads returns
//    children that are not matched with each other, both children's
//    matches are ambiguous, and so are their descendants'.
//  - When the runs have different numbers of threads, only matches the
//    fork tree confirms are kept (the order alone proves nothing then).
//  - Calls of ambiguous or unmatched threads stay unpaired.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sctrace::compare {

// What pairing needs from one call.
struct CallKey {
  std::uint32_t tid = 0;
  std::string syscall;
  std::optional<std::uint32_t> child; // tid a successful clone family
                                      // call returned to its caller
};

struct CallPair {
  std::size_t a = 0, b = 0; // indexes into the two runs' calls
};

struct Pairing {
  std::size_t threads_a = 0, threads_b = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> threads; // matched
  std::size_t ambiguous_threads = 0;
  std::vector<CallPair> calls; // in run A's order
  std::size_t unpaired_a = 0, unpaired_b = 0;
};

Pairing pair_calls(const std::vector<CallKey>& a,
                   const std::vector<CallKey>& b);

// True for clone, clone3, fork and vfork.
bool is_clone_family(const std::string& syscall);

} // namespace sctrace::compare
