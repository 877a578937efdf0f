// ProcSymbols (src/engine/proc_symbols.cpp): %U and %K as trace.py prints
// them, on this test process's own mappings (no kernel needed).
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
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

// The structured form user stacks are built from: name, decimal offset
// and the module's path (bpftrace's "name+13" and trace.py's [module]).
TEST(ProcSymbols, user_symbol_has_name_offset_and_module_path) {
  ProcSymbols s;
  const auto pid = static_cast<std::uint32_t>(::getpid());
  const events::UserSymbol hit = s.user_symbol(pid, address_of_probe_plus(3));
  EXPECT_EQ(hit.name, "sctrace_proc_symbols_probe");
  EXPECT_EQ(hit.offset, 3u);
  EXPECT_TRUE(hit.module.starts_with("/")) << hit.module;
  EXPECT_TRUE(hit.module.ends_with("/unit_engine")) << hit.module;
  const events::UserSymbol unmapped = s.user_symbol(pid, 8);
  EXPECT_EQ(unmapped.name, "");
  EXPECT_EQ(unmapped.module, "");
}

// C++ names are demangled, as bpftrace's ustack printed them.
TEST(ProcSymbols, user_symbol_demangles_cpp_names) {
  ProcSymbols s;
  const auto pid = static_cast<std::uint32_t>(::getpid());
  const auto address = reinterpret_cast<std::uint64_t>(
      static_cast<std::string (*)(std::string_view, std::uint64_t)>(
          &symbol_with_offset));
  const events::UserSymbol hit = s.user_symbol(pid, address);
  EXPECT_EQ(hit.name, "sctrace::engine::symbol_with_offset[abi:cxx11]("
                      "std::basic_string_view<char, std::char_traits<char> >, "
                      "unsigned long)");
  EXPECT_EQ(hit.offset, 0u);
}

// An event read after its process exited still resolves: the process's
// maps were kept when its first address was resolved (sctrace reads
// events behind the kernel, so a short process is often gone by then).
TEST(ProcSymbols, a_process_that_exited_keeps_its_symbols) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::pause();
    ::_exit(0);
  }
  const auto pid = static_cast<std::uint32_t>(child);
  ProcSymbols s;
  const std::string alive = s.user(pid, address_of_probe_plus(1), "");
  EXPECT_EQ(alive, "sctrace_proc_symbols_probe+0x1 [unit_engine]");
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_EQ(s.user(pid, address_of_probe_plus(2), ""),
            "sctrace_proc_symbols_probe+0x2 [unit_engine]");
  ProcSymbols fresh; // never saw the process: nothing to resolve with
  EXPECT_EQ(fresh.user(pid, address_of_probe_plus(2), ""), "[unknown]");
}

TEST(ProcSymbols, symbol_with_offset_is_hex) {
  EXPECT_EQ(symbol_with_offset("vfs_read", 0), "vfs_read+0x0");
  EXPECT_EQ(symbol_with_offset("vfs_read", 255), "vfs_read+0xff");
}

} // namespace
} // namespace sctrace::engine
