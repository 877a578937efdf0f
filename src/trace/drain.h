// Draining bpftrace's buffers before stopping it.
//
// bpftrace drops what is still in its buffers when it is interrupted, so
// sctrace first makes the program emit a drain marker on every CPU it may
// run on (by calling getcpu() while pinned to that CPU; the generated
// program prints a marker for getcpu() calls of sctrace's pid). A CPU's
// buffer is FIFO, so once its marker has been read, every event emitted
// before it on that CPU has been read too.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "events/bpftrace_parser.h"

namespace sctrace::trace {

class Drainer {
public:
  // Resets the parser's markers and fires a marker on every allowed CPU.
  // Returns false when no marker could be fired.
  bool start(events::OutputParser& parser);
  // Returns true when every CPU's marker arrived or the drain gave up
  // (markers are re-sent to silent CPUs every 500 ms, up to 4 times).
  bool step(events::OutputParser& parser);
  // Whether every marker arrived.
  bool complete() const { return complete_; }
  // One past the highest CPU number that was drained.
  std::uint32_t cpu_count() const { return cpu_count_; }

private:
  void fire(const std::vector<std::uint32_t>& cpus);
  std::vector<std::uint32_t> cpus_;
  std::uint32_t cpu_count_ = 0;
  std::chrono::steady_clock::time_point last_fire_{};
  int rounds_ = 0;
  bool complete_ = false;
  bool done_ = false;
};

} // namespace sctrace::trace
