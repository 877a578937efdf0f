// Splits a stack record's text (what follows "\x1eSTACK K|U CPU SEQ\n")
// into frames, so that no byte of a symbol name can end a frame.
//
// Kernel stacks ("kstack") are split at line breaks: kernel symbol names
// come from kallsyms, one name a line, and cannot hold one.
//
// User stacks arrive as addresses only (gen::stack_print): bpftrace 0.17
// prints "ustack" with BPFTRACE_NO_USER_SYMBOLS=1, "\n" then for each
// frame "        0x" HEX "\n"; bpftrace 0.23 prints "ustack(raw)", "\n"
// then HEX "\n" a frame (an empty stack: "" or "\n"). sctrace symbolises
// them itself (events/symbols.h), so no symbol name ever reaches the
// stack text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sctrace::events {

struct StackFrames {
  std::vector<std::string> frames; // innermost first, trimmed
};

// With ADDRESSES (trace.py's -a) each frame starts with its address as
// trace.py prints it ("%16x "): kernel stacks then come as kstack(perf),
// "\t" HEX " " FRAME a line.
StackFrames parse_kernel_frames(std::string_view text, bool addresses = false);

// The addresses of a user stack's text, innermost first, up to the first
// 0 (bpftrace 0.23 prints the 0 that ends a walk; 0.17 stops before it);
// nullopt when a line is not an address.
std::optional<std::vector<std::uint64_t>>
parse_user_addresses(std::string_view text);

// "0x" HEX, as bpftrace prints an address it has no symbol for.
std::string hex_address(std::uint64_t address);

// "%16x FRAME": FRAME after ADDRESS in hex, as trace.py's -a prints it.
std::string with_address(std::uint64_t address, std::string_view frame);

} // namespace sctrace::events
