// Address -> symbol text for %K and %U, as trace.py prints them
// (BPF.ksym(addr, show_offset=True): "name+0xoff"; BPF.sym(addr, tgid,
// show_module=True, show_offset=True): "name+0xoff [module]", or
// "[unknown] [module]" / "[unknown]").
//
// The parser (bpftrace_parser.h) calls a resolver, when it has one, for
// each %K value with the address the program sent next to bpftrace's
// ksym() name (without one it prints bpftrace's name), and for each %U
// value and user stack frame with the address alone: bpftrace never
// symbolises user addresses (libbcc's symcache closes a junk fd on its
// perf-PID.map path, bcc PR 5193, fixed only in bcc 0.33), so without a
// resolver they print as "0x" HEX. Resolvers are called on the session's
// thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sctrace::events {

// What covers a user address: NAME (demangled) at OFFSET into it, in the
// file MODULE (its path). NAME is empty when no symbol covers the address,
// MODULE when no file maps it.
struct UserSymbol {
  std::string name;
  std::uint64_t offset = 0;
  std::string module;
};

class SymbolResolver {
public:
  virtual ~SymbolResolver() = default;
  // NAME is bpftrace's ksym()/usym() text for the address, a fallback.
  virtual std::string kernel(std::uint64_t address, std::string_view name) = 0;
  virtual std::string user(std::uint32_t pid, std::uint64_t address,
                           std::string_view name) = 0;
  virtual UserSymbol user_symbol(std::uint32_t pid, std::uint64_t address) = 0;
};

} // namespace sctrace::events
