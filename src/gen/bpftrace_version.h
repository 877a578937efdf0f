// bpftrace versions and the differences between them that the generator
// and supervisor care about. Every version-dependent choice lives here.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace sctrace::gen {

struct BpftraceVersion {
  int major = 0;
  int minor = 17;
  int patch = 0;
  std::string text() const;
  bool at_least(int maj, int min) const {
    return major > maj || (major == maj && minor >= min);
  }
};

// Parses `bpftrace --version` output ("bpftrace v0.17.0", "bpftrace
// v0.23.2", "bpftrace v0.23.2-1"): MAJOR.MINOR[.PATCH] after the first
// 'v', each plain decimal digits that fit an int (no sign), so a version
// is never negative; an Unsupported error otherwise.
Result<BpftraceVersion> parse_bpftrace_version(std::string_view text);

// What differs between the supported versions (0.17 .. 0.23).
struct Dialect {
  // Environment variable that sets the str() size.
  std::string strlen_env;
  // Largest str() size bpftrace accepts (0.17: 200).
  int max_strlen = 200;
  // Budget of str() bytes per probe (strings live on the 512-byte BPF stack
  // in 0.17; 0.21+ moved them to per-CPU scratch maps).
  int string_bytes_per_probe = 256;
  // Default str() size when the user does not choose one.
  int default_strlen = 64;
  // Environment variable that sets how many keys a map holds.
  std::string map_keys_env;
  // Whether raw_syscalls is attached as a raw tracepoint (0.23+: BTF
  // casts of its pt_regs argument), which skips the perf tracepoint's
  // argument copy on every syscall of every process; else as a tracepoint.
  bool raw_syscall_tracepoints = false;
  // Whether output goes through one shared ring buffer (0.18+ with
  // ringbuf) rather than per-CPU perf buffers.
  bool shared_ring = false;
  // Whether -f json escapes the string members of a map key a second time
  // inside the key's text: 0.23 prints @[pid, comm, nr] for the comm a"b
  // as "PID,a\\\"b,NR" (a,\"b once decoded); 0.17 prints the bytes.
  // Versions between were not checked; from 0.21 on they are taken as 0.23.
  bool escaped_map_keys = false;
  // Whether an aggregation (count(), sum(), hist(), ...) can lose an
  // update when two CPUs create the same key at once: 0.23 creates a
  // per-CPU map's key with BPF_NOEXIST, so the second CPU's update fails
  // (a map_update_elem helper error, -EEXIST) and is dropped (bpftrace
  // issue #4068). 0.17 looks up and updates with BPF_ANY, which the kernel
  // applies in place. 0.24 went back to BPF_ANY, but later versions are
  // treated as 0.23 because seeding is harmless. Generators seed the keys
  // they know in BEGIN, so no CPU has to create them while tracing.
  bool racy_key_creation = false;
  // Whether ustack(raw) exists (0.23; gen::stack_print): user stacks as
  // addresses without any symbol lookup. Older versions print ustack
  // under BPFTRACE_NO_USER_SYMBOLS=1 instead.
  bool raw_user_stacks = false;
  // Whether one BPF program may print tuples of every syscall event shape
  // (0.23: tuples and strings live off the 512-byte stack). 0.17 needs
  // one program per shape (gen/syscalls_program.h).
  bool one_exit_program = false;
  // Whether curtask's members are read by offset (gen/task_fields.h):
  // bpftrace 0.17 declares every struct a `curtask->` path crosses to clang
  // at start-up, which costs about 0.4 s for the syscalls program; 0.23
  // resolves them from BTF itself (measured: no difference).
  bool task_fields_by_offset = false;
  // Whether the syscalls program's general exit finds the argument that
  // holds the path through bit masks in if statements (0.23: the map
  // filled in BEGIN instead costs about 55 ms of compiling, and a lookup
  // per call), or through that map (0.17: the masks' branches push the
  // general probe past the 512-byte stack).
  bool path_masks = false;
  // Whether a program without stacks counts its events per CPU in a
  // count() (one lookup, an add in place) instead of numbering each one
  // (a lookup and a map update: about 50 ns a call on 0.23). Needs
  // count() values readable in the program (the drain marker reads its
  // CPU's), which 0.21 added; 0.17 stays numbered, where count() is no
  // cheaper. Stacks need the number: they are matched to their event by
  // it (gen/layout.h).
  bool counted_events = false;
};

Dialect dialect_for(const BpftraceVersion& v);

} // namespace sctrace::gen
