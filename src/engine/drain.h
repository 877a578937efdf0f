// Draining bpftrace's buffers before stopping it.
//
// bpftrace drops what is still in its buffers when it is interrupted, so
// the session first makes the program emit a drain marker on every CPU it
// may run on (MarkerTrigger: getcpu() while pinned to that CPU; the
// generated program prints a marker for the session's own getcpu() calls).
// A CPU's buffer is FIFO, so once its marker has been read, every event
// emitted before it on that CPU has been read too. Each round's markers
// carry the round's number (OutputParser::reset_markers, which includes
// the session's marker token), passed as getcpu()'s unused third argument,
// so a re-fired arming marker still behind a backlog does not end the
// drain early, and another session's markers never count.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "engine/dependencies.h"
#include "events/bpftrace_parser.h"

namespace sctrace::engine {

// How often a round's markers are fired again at CPUs that have not
// answered. Arming: the program answers markers in the probe bpftrace
// attaches last, so every marker fired while it attaches is lost, and the
// next one arms the trace (the session polls at this pace while arming).
// Draining: every probe is live, and a silent CPU is behind a backlog.
inline constexpr std::chrono::milliseconds kArmRefire{5};
inline constexpr std::chrono::milliseconds kDrainRefire{500};

class Drainer {
public:
  Drainer(MarkerTrigger& trigger, const Clock& clock,
          std::chrono::milliseconds refire = kDrainRefire)
      : trigger_(&trigger), clock_(&clock), refire_(refire) {}
  // Resets the parser's markers and fires a marker on every allowed CPU.
  // Returns false when no marker could be fired.
  bool start(events::OutputParser& parser);
  // Returns true when every CPU's marker arrived or the round gave up.
  // Markers are re-sent to silent CPUs every REFIRE. The round gives up
  // after 2.5 s in which no output arrived, or after 60 s in all: while
  // bpftrace is still delivering a backlog (a large ring buffer behind a
  // slow consumer) it is waited for, since whatever is left when bpftrace
  // is stopped is lost (and counted as dropped, see OutputParser).
  bool step(events::OutputParser& parser);
  // Whether every marker arrived.
  bool complete() const { return complete_; }
  // One past the highest CPU number that was drained.
  std::uint32_t cpu_count() const { return cpu_count_; }

private:
  void fire(const std::vector<std::uint32_t>& cpus);
  MarkerTrigger* trigger_;
  const Clock* clock_;
  std::vector<std::uint32_t> cpus_;
  std::uint32_t cpu_count_ = 0;
  std::uint64_t round_ = 0;
  Clock::time_point started_{};
  Clock::time_point last_fire_{};
  std::chrono::milliseconds refire_;
  std::uint64_t lines_ = 0;         // parser lines when last counted
  Clock::time_point last_output_{}; // when they last grew (or the start)
  bool complete_ = false;
  bool done_ = false;
};

} // namespace sctrace::engine
