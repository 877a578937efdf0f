// The monitor program's printed maps (gen/monitor_program.h) turned into
// one bpftrace's cumulative counters, a snapshot at a time.
//
// Contract:
//  - KernelCollector::add() takes the printed maps, typed, in output
//    order, and returns a KernelSnapshot when @sctrace_snapshot (a nonzero
//    kernel time) ends one. A map not printed since the last snapshot is
//    empty (bpftrace 0.23 prints nothing for an empty map); a map printed
//    twice counts once, its last print.
//  - Once @sctrace_end = 1 has come (END began) nothing more is taken:
//    bpftrace 0.23 may cut END's clears short and dump half-cleared maps
//    at exit (bpftrace issue #3924), which are not a snapshot.
//  - Keys that do not parse are counted in bad_keys, never guessed;
//    entries whose value is 0 are keys a zero update created (the racy
//    dialect's first update), not calls. Exit ids are normalised
//    (gen::exit_syscall_number) and named (gen::syscall_display_name).
//  - errors is the sum of a syscall's errnos.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "events/map_record.h"
#include "modes/monitor/counters.h"

namespace sctrace::monitor {

struct KernelSnapshot {
  std::uint64_t kernel_ns = 0; // bpf_ktime_get_ns() when taken
  CounterMap syscalls;
  CommMap by_comm;
  std::uint64_t map_full = 0; // calls the full start map left untimed
  std::uint64_t bad_keys = 0;
  std::size_t largest_map = 0; // most keys in one printed map
};

class KernelCollector {
public:
  // escaped_keys: gen::Dialect::escaped_map_keys (comms in keys).
  explicit KernelCollector(bool escaped_keys = false)
      : escaped_keys_(escaped_keys) {}
  std::optional<KernelSnapshot> add(const events::MapRecord& map);
  bool ended() const { return ended_; }

private:
  KernelSnapshot build(std::uint64_t kernel_ns);
  void add_map(KernelSnapshot& snap, const events::MapRecord& map) const;
  std::map<std::string, events::MapRecord> printed_;
  bool ended_ = false;
  bool escaped_keys_ = false;
};

} // namespace sctrace::monitor
