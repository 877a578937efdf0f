// Turns one raw syscall argument into a SyscallArg, the way strace would
// show it: named flags (O_RDONLY|O_CLOEXEC, PROT_READ, MAP_PRIVATE, ...),
// AT_FDCWD, modes in octal, signal names, socket families and types,
// pointers in hex, signed and unsigned integers by the tracepoint field's
// type.
//
// Contract: pure and total; any value gives an argument. Paths and
// sockaddrs, which need bytes from user memory, are decoded by the
// SyscallDecoder (decoder.h), not here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gen/tracefs.h"
#include "modes/syscalls/syscall_event.h"

namespace sctrace::syscalls {

SyscallArg decode_arg(std::string_view syscall,
                      const gen::TracepointField& field, std::uint64_t raw);

// How one argument of one syscall is decoded, worked out once (the rule
// table is searched here) so decoding an event is a switch, not a search.
struct ArgDecoding {
  std::string name;
  int rule = -1; // a symbolic rule, or -1
  bool dirfd = false, fd = false, pointer = false;
  bool is_unsigned = false, is_long = false;
};
ArgDecoding plan_arg(std::string_view syscall,
                     const gen::TracepointField& field);
SyscallArg decode_arg(const ArgDecoding& decoding, std::uint64_t raw);
// decode_arg() into A (every member set, A's strings' capacity kept),
// for an argument without a symbolic rule; false, A untouched, for one
// with a rule (its text is worth remembering: decode_arg()).
bool decode_plain_arg(const ArgDecoding& decoding, std::uint64_t raw,
                      SyscallArg& a);

// Number of syscalls with at least one argument decoded beyond a plain
// number, fd, pointer or path (for documentation and tests).
std::size_t decoded_syscall_count();

} // namespace sctrace::syscalls
