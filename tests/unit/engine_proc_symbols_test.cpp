// ProcSymbols (src/engine/proc_symbols.cpp): %U and %K as trace.py prints
// them, on this test process's own mappings (no kernel needed).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <string>

#include "engine/proc_symbols.h"

extern "C" __attribute__((noinline, used)) int
sctrace_proc_symbols_probe(int x) {
  asm volatile("" ::: "memory");
  return x + 1;
}

namespace sctrace::engine {
namespace {

std::uint64_t address_of_probe_plus(std::uint64_t offset) {
  return reinterpret_cast<std::uint64_t>(&sctrace_proc_symbols_probe) + offset;
}

TEST(ProcSymbols, user_address_is_symbol_offset_and_module) {
  ProcSymbols s;
  EXPECT_EQ(s.user(static_cast<std::uint32_t>(::getpid()),
                   address_of_probe_plus(2), "sctrace_proc_symbols_probe"),
            "sctrace_proc_symbols_probe+0x2 [unit_engine]");
  EXPECT_EQ(s.user(static_cast<std::uint32_t>(::getpid()),
                   address_of_probe_plus(0), ""),
            "sctrace_proc_symbols_probe+0x0 [unit_engine]");
}

TEST(ProcSymbols, unmapped_user_address_is_unknown) {
  ProcSymbols s;
  EXPECT_EQ(s.user(static_cast<std::uint32_t>(::getpid()), 8, "0x8"),
            "[unknown]");
}

TEST(ProcSymbols, symbol_with_offset_is_hex) {
  EXPECT_EQ(symbol_with_offset("vfs_read", 0), "vfs_read+0x0");
  EXPECT_EQ(symbol_with_offset("vfs_read", 255), "vfs_read+0xff");
}

} // namespace
} // namespace sctrace::engine
