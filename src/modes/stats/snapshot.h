// Snapshots of the in-kernel syscall statistics (gen/stats_program.h):
// bpftrace's printed maps turned into numbers per syscall (and per
// process), and the differences between two snapshots (an interval).
//
// Contract:
//  - SnapshotCollector::add() takes bpftrace's printed maps, typed
//    (events::MapRecord), in output order and returns a Snapshot when the
//    map that ends one (@sctrace_snapshot) arrives. A map not printed
//    since the last snapshot is empty (bpftrace 0.23 prints nothing for an
//    empty map).
//  - The final snapshot (@sctrace_end came first) is returned only by
//    finish(), at the end of the output: bpftrace 0.23 can stop handling
//    END's print() and clear() events part-way and then print every map
//    not yet cleared at exit, in name order (so @sctrace_snapshot before
//    @sctrace_total), some of them a second time (bpftrace issue #3924).
//    The final snapshot is every stats map's last print after END began.
//  - Within any snapshot a map printed twice counts once, its last print:
//    the maps only grow, so the last print is the newest. Maps that are
//    not statistics (@sctrace_start, @sctrace_follow, ...) are ignored.
//  - Keys that do not parse are counted in Snapshot::bad_keys, never
//    guessed. count -P keys are "PID,START,COMM,NR" (gen/stats_program.h).
//  - @sctrace_count and @sctrace_errors keys whose value is 0 are keys
//    seeded in BEGIN (gen/stats_program.h), not calls: they are skipped.
//  - Exit ids are normalised (gen::exit_syscall_number), so rt_sigreturn
//    has its own number.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "events/map_record.h"

namespace sctrace::stats {

// Latency buckets are log2 of microseconds, as bpftrace's hist() makes
// them: index 0 is [0, 1us), index k >= 1 is [2^(k-1), 2^k) us.
constexpr int kMaxBuckets = 64;
std::uint64_t bucket_low_ns(int index);  // inclusive
std::uint64_t bucket_high_ns(int index); // exclusive

struct SyscallStats {
  std::uint64_t count = 0;
  std::uint64_t errors = 0;
  std::uint64_t total_ns = 0; // latency only
  std::uint64_t min_ns = 0;   // latency only (cumulative, not per interval)
  std::uint64_t max_ns = 0;   // latency only (cumulative, not per interval)
  std::vector<std::uint64_t> buckets; // latency only, by index
  bool operator==(const SyscallStats&) const = default;
};

// count -P's key: a process (pid and start time, so a reused pid is
// another process), the comm it had and a syscall.
struct ProcessKey {
  std::uint32_t pid = 0;
  std::string comm;
  long nr = 0;
  // The process's start (gen::process_start, CLOCK_MONOTONIC ns).
  std::uint64_t start_ns = 0;
  auto operator<=>(const ProcessKey&) const = default;
};

struct Snapshot {
  std::uint64_t kernel_ns = 0; // bpf_ktime_get_ns() when taken
  bool final = false;          // taken in END
  std::map<long, SyscallStats> syscalls;
  std::map<ProcessKey, SyscallStats> processes; // count -P
  std::uint64_t bad_keys = 0;
  std::size_t largest_map = 0; // most keys in one printed map
};

class SnapshotCollector {
public:
  // escaped_keys: bpftrace escapes a key's string members a second time
  // inside the key's text (gen::Dialect::escaped_map_keys; 0.23 prints the
  // comm a,"b as "PID,a,\"b,NR" in -f json). Such comms are decoded back
  // to their bytes; one that does not decode is a bad key.
  explicit SnapshotCollector(bool escaped_keys = false)
      : escaped_keys_(escaped_keys) {}

  // Returns the finished snapshot when `map` ends one that is not the
  // final one. Nothing after the final snapshot has been finished counts.
  // Stats records are not the program's: ignored.
  std::optional<Snapshot> add(const events::MapRecord& map);

  // The final snapshot, once, when END's maps came; call it when the
  // output has ended.
  std::optional<Snapshot> finish();

  // Maps printed more than once within one snapshot (END's events cut
  // short, then bpftrace's exit dump): counted once, but worth a note.
  std::uint64_t repeated_maps() const { return repeated_maps_; }

private:
  Snapshot build();
  void add_map(const events::MapRecord& map, bool hist);
  std::map<std::string, events::MapRecord> printed_; // this snapshot's, by name
  std::uint64_t kernel_ns_ = 0;
  bool final_ = false;
  bool finished_ = false;
  std::uint64_t repeated_maps_ = 0;
  Snapshot current_;
  bool escaped_keys_ = false;
};

// now - before for counts, errors, totals and buckets; min and max are
// now's (they cannot be differenced). Keys only in `now` are taken whole.
Snapshot difference(const Snapshot& now, const Snapshot& before);

} // namespace sctrace::stats
