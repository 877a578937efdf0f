// ELF symbol reading for uprobe "did you mean" hints, and kprobe function
// checks on a recorded tracefs tree of a kernel that has kprobes.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "gen/elf_symbols.h"
#include "gen/probe_resolve.h"
#include "spec/parser.h"

extern "C" __attribute__((noinline, used)) int sctrace_elf_test_marker() {
  return 42;
}

namespace sctrace::gen {
namespace {

TEST(ElfSymbols, lists_the_functions_of_a_real_binary) {
  auto syms = elf_function_symbols("/proc/self/exe");
  ASSERT_TRUE(syms.ok()) << syms.error().message;
  EXPECT_TRUE(std::binary_search(syms->begin(), syms->end(),
                                 "sctrace_elf_test_marker"));
  EXPECT_TRUE(std::is_sorted(syms->begin(), syms->end()));
}

TEST(ElfSymbols, rejects_non_elf_and_truncated_files_without_crashing) {
  char path[] = "/tmp/sctrace-elf-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  {
    std::ofstream out(path, std::ios::binary);
    out << "/* GNU ld script */ GROUP ( libc.so.6 )";
  }
  EXPECT_FALSE(elf_function_symbols(path).ok());
  // The first 200 bytes of a real ELF file: header, no sections.
  std::ifstream self("/proc/self/exe", std::ios::binary);
  std::string head(200, '\0');
  self.read(head.data(), static_cast<std::streamsize>(head.size()));
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(head.data(), static_cast<std::streamsize>(head.size()));
  }
  EXPECT_FALSE(elf_function_symbols(path).ok());
  ::unlink(path);
  EXPECT_FALSE(elf_function_symbols("/nonexistent/sctrace").ok());
}

TEST(ProbeResolve, unknown_uprobe_function_suggests_close_names) {
  auto s = spec::parse_probe("p:/proc/self/exe:sctrace_elf_test_markr");
  ASSERT_TRUE(s.ok());
  TracefsCatalog catalog(std::string(SCTRACE_TEST_DATA) + "/tracefs");
  auto r = resolve_probe(*s, catalog);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("did you mean sctrace_elf_test_marker"),
            std::string::npos)
      << r.error().message;
}

TEST(ProbeResolve, kprobes_are_checked_against_available_functions) {
  TracefsCatalog catalog(std::string(SCTRACE_TEST_DATA) + "/tracefs-kprobes");
  ASSERT_TRUE(catalog.kprobes_available());
  auto ok = spec::parse_probe("r::vfs_read \"%d\", retval");
  ASSERT_TRUE(ok.ok());
  auto r = resolve_probe(*ok, catalog);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->entry_probe, "kprobe:vfs_read");
  EXPECT_EQ(r->exit_probe, "kretprobe:vfs_read");
  auto module_fn = spec::parse_probe("tcp_sendmsg");
  ASSERT_TRUE(module_fn.ok());
  EXPECT_TRUE(resolve_probe(*module_fn, catalog).ok());
  auto bad = spec::parse_probe("vfs_raed");
  ASSERT_TRUE(bad.ok());
  auto e = resolve_probe(*bad, catalog);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message,
            "function 'vfs_raed' is not a traceable kernel function; did you "
            "mean vfs_read?");
}

} // namespace
} // namespace sctrace::gen
