// SessionOptions: what a whole trace session is limited to, as opposed to
// one probe (TraceSpec).
//
// The seed's TraceSpec mixed both; here a probe is a TraceSpec and the
// session around all probes is a SessionOptions. engine::SessionOptions
// extends this struct with what only the engine needs (the command to run,
// hooks), so each option below is defined once.
//
// Contract:
//  - The kernel-side scope (process_name, pid, tid, uid, cgroup) and the
//    stacks apply to every probe of the session; the generator puts them
//    in each probe's predicate and emit block.
//  - validate() checks them with the rules parse_probe's options had:
//    process_name 1..15 printable bytes without quotes or backslashes,
//    pid/tid > 0, uid >= 0, duration >= 0 and finite, absolute cgroup path.
//  - TracePlan is one probe with its session: what a JSON trace spec, an
//    ebpf_programs entry or a whole TraceSpecBuilder chain describes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "spec/trace_spec.h"
#include "util/result.h"

namespace sctrace::spec {

struct SessionOptions {
  double duration_seconds = 0;  // 0: until stopped
  std::uint64_t max_events = 0; // -M: 0 = unlimited
  std::string process_name;     // exact comm, filtered in the kernel (--comm)
  std::optional<std::int64_t> pid; // -p: process (tgid), in the kernel
  std::optional<std::int64_t> tid; // -L: thread
  std::optional<std::int64_t> uid; // --uid
  std::string cgroup;              // -c: cgroup v2 path
  bool kernel_stack = false;       // -K
  bool user_stack = false;         // -U
  bool stack_addresses = false;    // -a: each stack frame with its address

  bool operator==(const SessionOptions&) const = default;
};

// Checks options with the rules above; messages name the option.
Result<void> validate(const SessionOptions& options);

struct TracePlan {
  TraceSpec spec;
  SessionOptions options;

  bool operator==(const TracePlan&) const = default;
};

} // namespace sctrace::spec
