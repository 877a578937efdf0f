// Address -> symbol text for %K and %U, as trace.py prints them
// (BPF.ksym(addr, show_offset=True): "name+0xoff"; BPF.sym(addr, tgid,
// show_module=True, show_offset=True): "name+0xoff [module]", or
// "[unknown] [module]" / "[unknown]").
//
// The parser (bpftrace_parser.h) calls a resolver, when it has one, for
// each %K/%U value with the address the program sent next to bpftrace's
// ksym()/usym() name; without one it prints bpftrace's name. Resolvers
// are called on the session's thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sctrace::events {

class SymbolResolver {
public:
  virtual ~SymbolResolver() = default;
  // NAME is bpftrace's ksym()/usym() text for the address, a fallback.
  virtual std::string kernel(std::uint64_t address, std::string_view name) = 0;
  virtual std::string user(std::uint32_t pid, std::uint64_t address,
                           std::string_view name) = 0;
};

} // namespace sctrace::events
