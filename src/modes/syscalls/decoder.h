// SyscallDecoder: turns the raw events of the syscalls program
// (gen/syscalls_program.h) into SyscallEvents with named, decoded
// arguments, and the calls still in flight at the end into unfinished
// events.
//
// Contract:
//  - Argument names come from the syscall's tracepoint fields (read once
//    per syscall from the catalog and cached); syscalls without a
//    tracepoint get arg0..arg5.
//  - Paths are reported as read; a path that could not be read (the call
//    failed with EFAULT) becomes null with "<name>_read_failed" in
//    extraction_errors, and a path that filled the whole str() buffer
//    gets "<name>_truncated". Calls whose entry was not seen have no
//    arguments and "args_unavailable".
//  - Never throws on any input; malformed raw events give best-effort
//    events, not crashes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "events/event.h"
#include "events/map_record.h"
#include "gen/syscall_args.h"
#include "gen/tracefs.h"
#include "modes/syscalls/arg_decoder.h"
#include "modes/syscalls/syscall_event.h"

namespace sctrace::syscalls {

class SyscallDecoder {
public:
  // string_size: the str() size the program ran with (for truncation).
  SyscallDecoder(const gen::KernelCatalog& catalog, int string_size)
      : catalog_(catalog), string_size_(string_size) {}

  void set_string_size(int size) { string_size_ = size; }
  int string_size() const { return string_size_; }

  // Decodes an event of the syscalls program into out (reused).
  void decode(const events::TraceEvent& raw, SyscallEvent& out);

  // The calls in flight when tracing stopped, from the @sctrace_call map
  // that the program prints at exit (one of maps). stop_ns is
  // CLOCK_MONOTONIC at the stop, offset_ns turns it into CLOCK_REALTIME.
  // comm and pid come from /proc when the thread still exists.
  std::vector<SyscallEvent>
  in_flight(const std::vector<events::MapRecord>& maps, std::uint64_t stop_ns,
            std::int64_t offset_ns);

private:
  struct Info {
    std::uint32_t names_id = 0; // SyscallEvent::names_id, unique per Info
    std::string name;
    std::vector<gen::TracepointField> fields;
    gen::SyscallArgsPlan plan;
    std::vector<ArgDecoding> decodings; // one per field
    // Per field, the kRole* bits: which special decodings may apply (0,
    // the usual case, is a plain or symbolic integer).
    std::vector<std::uint8_t> roles;
    int open_flags = -1; // open/openat: the flags' field (mode shown?)
    // Per field, the last value decode_arg() decoded and its result
    // (decode_arg is pure; a cache, so it may change in a const Info).
    struct Last {
      bool valid = false;
      std::uint64_t raw = 0;
      SyscallArg arg;
    };
    mutable std::vector<Last> last;
    // The SyscallArgs this syscall's last event was decoded into, kept
    // while other syscalls' events use the event's vector (adopt_args).
    mutable std::vector<SyscallArg> args;
  };
  const Info& info(int nr);
  // Gives OUT the SyscallArgs INFO's last event was decoded into (the
  // same names and usually the same texts, so decode_args() compares
  // instead of copying when syscalls alternate), parking OUT's with the
  // syscall they were decoded for. Only a speed-up: decode_args() sets
  // every member of the arguments it uses, whatever they held.
  void adopt_args(const Info& info, SyscallEvent& out);
  // Fills OUT's args from INFO's first COUNT fields (reusing the
  // SyscallArgs already there) and its extraction errors.
  void decode_args(const Info& info, std::size_t count,
                   const std::int64_t* args, std::int64_t ret,
                   const events::TraceEvent* raw, SyscallEvent& out);
  // Decodes field I (VALUE) into A when one of its roles applies this
  // event: a path or string, or a sockaddr. False when none does.
  bool decode_special(const Info& info, std::size_t i, std::uint64_t value,
                      std::int64_t ret, const events::TraceEvent* raw,
                      SyscallArg& a, SyscallEvent& out) const;
  void decode_path_arg(const gen::TracepointField& field, std::uint64_t value,
                       const std::string* str, std::int64_t ret, bool raw,
                       SyscallArg& a, SyscallEvent& out) const;

  const gen::KernelCatalog& catalog_;
  int string_size_;
  std::map<int, Info> cache_;
  // cache_'s entries (map nodes do not move) by number, below kIndexedNrs:
  // an index instead of a map search per event.
  static constexpr int kIndexedNrs = 1024;
  std::vector<const Info*> by_nr_;
  const Info* args_of_ = nullptr; // whose SyscallArgs decode() last gave
};

} // namespace sctrace::syscalls
