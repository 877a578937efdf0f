// ELF symbol reading for uprobe "did you mean" hints, and kprobe function
// checks on a recorded tracefs tree of a kernel that has kprobes.
#include <gtest/gtest.h>

#include <elf.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "gen/elf_symbols.h"
#include "gen/probe_resolve.h"
#include "spec/parser.h"
#include "temp_dir.h"

extern "C" __attribute__((noinline, used)) int sctrace_elf_test_marker() {
  return 42;
}

namespace sctrace::gen {
namespace {

// A minimal ELF file: header, a .symtab with one defined function
// ("sctrace_tiny") whose sh_size is symtab_size, its .strtab, and the
// section header table last.
std::string tiny_elf(std::uint64_t symtab_size = 2 * sizeof(Elf64_Sym)) {
  const char strtab[] = "\0sctrace_tiny";
  std::string out(128 + 3 * sizeof(Elf64_Shdr), '\0');
  Elf64_Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = ET_DYN;
  eh.e_machine = EM_X86_64;
  eh.e_version = EV_CURRENT;
  eh.e_ehsize = sizeof(Elf64_Ehdr);
  eh.e_shoff = 128;
  eh.e_shentsize = sizeof(Elf64_Shdr);
  eh.e_shnum = 3;
  std::memcpy(out.data(), &eh, sizeof(eh));
  Elf64_Sym sym{};
  sym.st_name = 1;
  sym.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
  sym.st_shndx = 1;
  std::memcpy(out.data() + 64 + sizeof(Elf64_Sym), &sym, sizeof(sym));
  std::memcpy(out.data() + 112, strtab, sizeof(strtab));
  Elf64_Shdr sh[3]{};
  sh[1].sh_type = SHT_SYMTAB;
  sh[1].sh_offset = 64;
  sh[1].sh_size = symtab_size;
  sh[1].sh_link = 2;
  sh[1].sh_entsize = sizeof(Elf64_Sym);
  sh[2].sh_type = SHT_STRTAB;
  sh[2].sh_offset = 112;
  sh[2].sh_size = sizeof(strtab);
  std::memcpy(out.data() + 128, sh, sizeof(sh));
  return out;
}

using test::TempDir;

// Writes bytes to path, then extends the file (with a hole) to size.
void write_sparse(const std::filesystem::path& path, const std::string& bytes,
                  std::uint64_t size) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, bytes.data(), bytes.size()),
            static_cast<ssize_t>(bytes.size()));
  ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(size)), 0);
  ::close(fd);
}

// Peak resident memory of this process so far, in bytes.
std::uint64_t peak_rss() {
  struct rusage ru {};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<std::uint64_t>(ru.ru_maxrss) * 1024;
}

// head, then zeros up to size; counts the bytes read.
class ZeroTailSource final : public ByteSource {
public:
  ZeroTailSource(std::string head, std::uint64_t size)
      : head_(std::move(head)), size_(size) {}
  std::uint64_t size() const override { return size_; }
  const std::string& name() const override { return name_; }
  Result<void> read(std::uint64_t offset, std::span<char> out) const override {
    if (!range_fits(offset, out.size(), size_))
      return make_error(ErrorKind::Invalid, "past the end");
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = offset + i < head_.size() ? head_[offset + i] : '\0';
    bytes_read += out.size();
    return Ok{};
  }
  mutable std::uint64_t bytes_read = 0;

private:
  std::string head_;
  std::uint64_t size_;
  std::string name_ = "zero-tail.so";
};

constexpr std::uint64_t k8GiB = 8ull << 30;

TEST(ElfSymbols, sparse_8_gib_file_is_not_read_whole) {
  TempDir dir;
  std::filesystem::path path = dir.file("sparse.so");
  write_sparse(path, tiny_elf(), k8GiB);
  auto start = std::chrono::steady_clock::now();
  auto syms = elf_function_symbols(path.string());
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(syms.ok()) << syms.error().message;
  EXPECT_EQ(*syms, std::vector<std::string>{"sctrace_tiny"});
  EXPECT_LT(took, std::chrono::seconds(2));
  EXPECT_LT(peak_rss(), 1ull << 30);
}

TEST(ElfSymbols, symbol_table_claiming_8_gib_is_refused_with_the_cap) {
  TempDir dir;
  std::filesystem::path path = dir.file("claims-8gib.so");
  // The claim fits inside the (sparse) file, so only the cap refuses it.
  write_sparse(path, tiny_elf(k8GiB - 4096), k8GiB);
  auto syms = elf_function_symbols(path.string());
  ASSERT_FALSE(syms.ok());
  const std::string& msg = syms.error().message;
  EXPECT_EQ(syms.error().kind, ErrorKind::Invalid);
  EXPECT_NE(msg.find(path.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("8589930510 bytes"), std::string::npos) << msg;
  EXPECT_NE(msg.find("cap of 268435456 bytes (256 MiB"), std::string::npos)
      << msg;
  EXPECT_LT(peak_rss(), 1ull << 30);
}

TEST(ElfSymbols, symbol_tables_one_byte_over_the_cap_are_refused) {
  // 14 bytes of .strtab plus a .symtab 13 bytes under the cap: one byte
  // over it in all, in a 1 GiB source of zeros that nothing reads.
  ZeroTailSource src(tiny_elf(kMaxElfSymbolBytes - 13), 1ull << 30);
  auto syms = elf_function_symbols(src);
  ASSERT_FALSE(syms.ok());
  EXPECT_NE(syms.error().message.find("claim 268435457 bytes, over the cap"),
            std::string::npos)
      << syms.error().message;
  EXPECT_EQ(src.bytes_read, sizeof(Elf64_Ehdr) + 3 * sizeof(Elf64_Shdr));
}

TEST(ElfSymbols, symbol_table_past_the_end_of_the_file_is_refused) {
  std::string image = tiny_elf(1 << 20);
  auto syms = elf_function_symbols(MemorySource(image, "short.so"));
  ASSERT_FALSE(syms.ok());
  EXPECT_NE(syms.error().message.find("truncated symbol table"),
            std::string::npos)
      << syms.error().message;
}

TEST(ElfSymbols, fifo_and_devices_are_refused_without_blocking) {
  TempDir dir;
  std::filesystem::path fifo = dir.file("fifo.so");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& path :
       {fifo.string(), std::string("/dev/zero"), dir.path()}) {
    auto syms = elf_function_symbols(path);
    ASSERT_FALSE(syms.ok()) << path;
    EXPECT_EQ(syms.error().kind, ErrorKind::Invalid) << path;
    EXPECT_NE(syms.error().message.find(path + " is not a regular file"),
              std::string::npos)
        << syms.error().message;
  }
}

TEST(ElfSymbols, lists_the_functions_of_the_system_libc) {
  const char* libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";
  if (::access(libc, R_OK) != 0)
    GTEST_SKIP() << libc << " is not on this machine";
  auto syms = elf_function_symbols(libc);
  ASSERT_TRUE(syms.ok()) << syms.error().message;
  EXPECT_TRUE(std::binary_search(syms->begin(), syms->end(), "malloc"));
  EXPECT_TRUE(std::binary_search(syms->begin(), syms->end(), "memcpy"));
}

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
  auto missing = elf_function_symbols("/nonexistent/sctrace");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::NotFound);
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
