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
#include <string_view>

#include "gen/tracefs.h"
#include "syscalls/syscall_event.h"

namespace sctrace::syscalls {

SyscallArg decode_arg(std::string_view syscall,
                      const gen::TracepointField& field, std::uint64_t raw);

// Number of syscalls with at least one argument decoded beyond a plain
// number, fd, pointer or path (for documentation and tests).
std::size_t decoded_syscall_count();

} // namespace sctrace::syscalls
