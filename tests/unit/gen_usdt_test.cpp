// USDT probes checked before bpftrace runs (issue 16 item 1): the SDT
// notes of ELF files (gen/usdt_notes.h), built in memory and read from
// this test binary, which declares probes of its own; and probe
// resolution (gen/usdt_resolve.h): a probe that does not exist, an
// argument beyond the probe's count, names with '-', u::probe -p PID.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <elf.h>
#include <sys/sdt.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "gen/generator.h"
#include "gen/usdt_notes.h"
#include "gen/usdt_resolve.h"
#include "spec/parser.h"

// Probes of this binary: sctrace_unit:ping(a, b) and
// sctrace-unit:test-probe(a). Never called: only their notes matter.
extern "C" __attribute__((noinline, used)) void sctrace_unit_usdt(long a) {
  DTRACE_PROBE2(sctrace_unit, ping, a, a + 1);
  // clang-format off
  STAP_PROBE1(sctrace-unit, test-probe, a);
  // clang-format on
}

namespace sctrace::gen {
namespace {

using ::testing::HasSubstr;

// ---- ELF files in memory --------------------------------------------------

std::string padded(std::string s) {
  s.resize((s.size() + 3) & ~std::size_t{3}, '\0');
  return s;
}

// One note: header, owner (with its NUL) and descriptor, each padded to 4.
std::string note(const std::string& owner, std::uint32_t type,
                 const std::string& desc) {
  Elf64_Nhdr nh{static_cast<Elf64_Word>(owner.size() + 1),
                static_cast<Elf64_Word>(desc.size()), type};
  std::string out(reinterpret_cast<const char*>(&nh), sizeof(nh));
  return out + padded(owner + '\0') + padded(desc);
}

// A stapsdt note: pc, base, semaphore, then provider, name and args.
std::string sdt(const std::string& provider, const std::string& name,
                const std::string& args) {
  std::string desc(24, '\0');
  desc += provider + '\0' + name + '\0' + args + '\0';
  return note("stapsdt", 3, desc);
}

// A 64-bit ELF file with one SHT_NOTE section holding notes, whose
// sh_size is note_size (default: the notes' size).
std::string elf_with_notes(const std::string& notes,
                           std::uint64_t note_size = UINT64_MAX) {
  std::string body = notes;
  body.resize((body.size() + 7) & ~std::size_t{7}, '\0');
  Elf64_Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = ET_EXEC;
  eh.e_machine = EM_X86_64;
  eh.e_ehsize = sizeof(Elf64_Ehdr);
  eh.e_shoff = sizeof(Elf64_Ehdr) + body.size();
  eh.e_shentsize = sizeof(Elf64_Shdr);
  eh.e_shnum = 2;
  Elf64_Shdr sh[2]{};
  sh[1].sh_type = SHT_NOTE;
  sh[1].sh_offset = sizeof(Elf64_Ehdr);
  sh[1].sh_size = note_size == UINT64_MAX ? notes.size() : note_size;
  std::string out(reinterpret_cast<const char*>(&eh), sizeof(eh));
  out += body;
  out.append(reinterpret_cast<const char*>(sh), sizeof(sh));
  return out;
}

std::vector<UsdtProbe> must_read(const std::string& bytes) {
  MemorySource src(bytes, "mem.so");
  auto probes = elf_usdt_probes(src);
  EXPECT_TRUE(probes.ok()) << (probes.ok() ? "" : probes.error().message);
  return probes.ok() ? *probes : std::vector<UsdtProbe>{};
}

// A file in a fresh temporary directory, removed with it.
struct TempFile {
  std::filesystem::path dir, path;
  TempFile(const std::string& name, const std::string& bytes) {
    char tmpl[] = "/tmp/sctrace-usdt-XXXXXX";
    dir = ::mkdtemp(tmpl);
    path = dir / name;
    std::ofstream(path, std::ios::binary) << bytes;
  }
  ~TempFile() { std::filesystem::remove_all(dir); }
};

std::string self_exe() {
  return std::filesystem::canonical("/proc/self/exe").string();
}

// ---- The note reader ------------------------------------------------------

TEST(UsdtNotes, arg_count_is_the_number_of_space_separated_specs) {
  EXPECT_EQ(usdt_arg_count("-4@%eax 8@%rdx"), 2);
  EXPECT_EQ(usdt_arg_count("8@%rdi"), 1);
  EXPECT_EQ(usdt_arg_count(""), 0);
  EXPECT_EQ(usdt_arg_count("  -8@-16(%rbp)   4@$5 "), 2);
}

TEST(UsdtNotes, reads_provider_name_and_arguments_of_stapsdt_notes) {
  std::string notes = sdt("app", "tick", "-4@%eax 8@%rdx") +
                      note("GNU", 3, std::string(20, 'x')) + // not stapsdt
                      sdt("my-prov", "test-probe", "8@%rdi") +
                      note("stapsdt", 1, std::string(30, '\0')) + // type 1
                      sdt("app", "bare", "") +
                      sdt("app", "tick", "-4@%eax 8@%rdx 8@%rcx") +
                      sdt("app", "bad\x1bname", "8@%rdi") + // not nameable
                      sdt("", "noprovider", "8@%rdi");
  EXPECT_EQ(must_read(elf_with_notes(notes)),
            (std::vector<UsdtProbe>{{"app", "bare", 0},
                                    {"app", "tick", 2}, // fewest of 2 sites
                                    {"my-prov", "test-probe", 1}}));
}

TEST(UsdtNotes, a_note_past_its_section_is_an_error_naming_the_file) {
  std::string notes = sdt("app", "tick", "8@%rdi");
  std::string bytes = elf_with_notes(notes, notes.size() - 4);
  MemorySource src(bytes, "mem.so");
  auto probes = elf_usdt_probes(src);
  ASSERT_FALSE(probes.ok());
  EXPECT_EQ(probes.error().message,
            "mem.so is not a usable ELF file (a note runs past its section); "
            "give the path of an ELF library or executable");
}

TEST(UsdtNotes, notes_over_the_cap_are_refused_before_reading) {
  std::string bytes = elf_with_notes(sdt("app", "tick", ""));
  // The section claims more than the cap in a file that big (zeros).
  Elf64_Ehdr eh;
  std::memcpy(&eh, bytes.data(), sizeof(eh));
  Elf64_Shdr sh[2];
  std::memcpy(sh, bytes.data() + eh.e_shoff, sizeof(sh));
  sh[1].sh_size = kMaxUsdtNoteBytes + 1;
  std::memcpy(bytes.data() + eh.e_shoff, sh, sizeof(sh));
  bytes.resize(kMaxUsdtNoteBytes + 4096, '\0');
  MemorySource src(bytes, "big.so");
  auto probes = elf_usdt_probes(src);
  ASSERT_FALSE(probes.ok());
  EXPECT_THAT(probes.error().message,
              HasSubstr("big.so: its note sections claim 67108865 bytes, "
                        "over the cap of 67108864 bytes"));
}

TEST(UsdtNotes, reads_the_probes_gcc_wrote_into_this_binary) {
  auto probes = elf_usdt_probes(self_exe());
  ASSERT_TRUE(probes.ok()) << probes.error().message;
  EXPECT_THAT(*probes,
              ::testing::Contains(UsdtProbe{"sctrace_unit", "ping", 2}));
  EXPECT_THAT(*probes,
              ::testing::Contains(UsdtProbe{"sctrace-unit", "test-probe", 1}));
}

// ---- Resolution ----------------------------------------------------------

const TracefsCatalog& catalog() {
  static TracefsCatalog c(std::string(SCTRACE_TEST_DATA) + "/tracefs");
  return c;
}

Result<GeneratedProgram> gen_spec(const std::string& text,
                                  std::optional<std::int64_t> pid = {}) {
  auto s = spec::parse_probe(text);
  if (!s.ok())
    return s.error();
  spec::SessionOptions session;
  session.pid = pid;
  return generate({*s}, catalog(), {}, session);
}

std::string gen_error(const std::string& text,
                      std::optional<std::int64_t> pid = {}) {
  auto p = gen_spec(text, pid);
  EXPECT_FALSE(p.ok()) << text;
  return p.ok() ? "" : p.error().message;
}

TEST(UsdtResolve, probe_and_arguments_of_the_binary) {
  auto p = gen_spec("u:" + self_exe() + ":ping \"%d %d\", arg1, arg2");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_THAT(p->text, HasSubstr("usdt:" + self_exe() + ":ping\n"));
  EXPECT_THAT(p->text, HasSubstr("arg0, arg1"));
}

TEST(UsdtResolve, an_argument_beyond_the_count_is_an_error_in_trace_py_terms) {
  EXPECT_EQ(gen_error("u:" + self_exe() + ":ping \"%d\", arg3"),
            "USDT probe sctrace_unit:ping has 2 arguments; arg3 does not "
            "exist");
  EXPECT_EQ(gen_error("u:" + self_exe() + ":sctrace-unit:test-probe (arg2)"),
            "USDT probe sctrace-unit:test-probe has 1 argument; arg2 does not "
            "exist");
}

TEST(UsdtResolve, a_missing_probe_names_the_binary_and_its_probes) {
  std::string e = gen_error("u:" + self_exe() + ":pong");
  EXPECT_THAT(
      e, HasSubstr("USDT probe 'pong' is not in " + self_exe() + "; its "));
  EXPECT_THAT(e, HasSubstr("sctrace_unit:ping"));
  EXPECT_THAT(e, HasSubstr("sctrace-unit:test-probe"));
  // The provider must match when given.
  EXPECT_THAT(gen_error("u:" + self_exe() + ":other:ping"),
              HasSubstr("USDT probe 'other:ping' is not in"));
}

TEST(UsdtResolve, the_list_of_probes_is_capped) {
  std::string notes;
  for (int i = 0; i < 25; ++i)
    notes += sdt("p", "probe" + std::string(1, char('a' + i)), "");
  TempFile f("many", elf_with_notes(notes));
  EXPECT_EQ(gen_error("u:" + f.path.string() + ":nope"),
            "USDT probe 'nope' is not in " + f.path.string() +
                "; its 25 probes are: p:probea, p:probeb, p:probec, p:probed, "
                "p:probee, p:probef, p:probeg, p:probeh, p:probei, p:probej, "
                "p:probek, p:probel, p:probem, p:proben, p:probeo, p:probep, "
                "p:probeq, p:prober, p:probes, p:probet ... and 5 more");
}

TEST(UsdtResolve, a_binary_without_notes_says_so) {
  TempFile f("plain", elf_with_notes(note("GNU", 1, "abcd")));
  EXPECT_EQ(gen_error("u:" + f.path.string() + ":pthread_create"),
            f.path.string() +
                " has no USDT probes (no .note.stapsdt notes: it was built "
                "without <sys/sdt.h> probes); trace one of its functions with "
                "p:" +
                f.path.string() + ":FUNCTION instead");
}

TEST(UsdtResolve, names_with_dashes_reach_the_program_as_they_are) {
  for (std::string target : {"test-probe", "sctrace-unit:test-probe"}) {
    auto p = gen_spec("u:" + self_exe() + ":" + target + " \"%d\", arg1");
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_THAT(p->text, HasSubstr("usdt:" + self_exe() + ":" + target + "\n"));
  }
}

TEST(UsdtResolve, probe_of_a_process_is_found_in_its_mapped_binaries) {
  auto p = gen_spec("u::ping \"%d\", arg2", ::getpid());
  ASSERT_TRUE(p.ok()) << p.error().message;
  std::string pid = std::to_string(::getpid());
  EXPECT_THAT(p->text,
              HasSubstr("usdt:" + self_exe() + ":ping /pid == " + pid + "/\n"));
  std::string e = gen_error("u::nope", ::getpid());
  EXPECT_THAT(e, HasSubstr("no file that process " + pid +
                           " maps declares USDT probe 'nope' (searched its "));
  EXPECT_THAT(e, HasSubstr(self_exe()));
  EXPECT_THAT(e, HasSubstr("name the binary instead: u:BINARY:nope"));
  EXPECT_EQ(gen_error("u::ping"),
            "u::ping names no binary: give the process whose binaries declare "
            "it with -p PID, or name the binary: u:BINARY:ping");
}

TEST(UsdtResolve, executable_file_mappings_come_from_proc_maps) {
  TempFile f("unused", "");
  std::filesystem::create_directories(f.dir / "42");
  std::ofstream(f.dir / "42" / "maps")
      << "55d0-55d1 r--p 00000000 fe:01 1 /usr/bin/app\n"
         "55d1-55d2 r-xp 00001000 fe:01 1 /usr/bin/app\n"
         "7f00-7f01 r-xp 00000000 fe:01 2 /lib/libc.so.6\n"
         "7f01-7f02 r-xp 00000000 00:00 0 \n"
         "7f02-7f03 r-xp 00000000 fe:01 3 /tmp/gone (deleted)\n"
         "7f03-7f04 r-xp 00000000 fe:01 4 /opt/with space/lib.so\n"
         "7f04-7f05 rw-p 00000000 fe:01 5 /lib/data.so\n"
         "7ffd-7ffe r-xp 00000000 00:00 0 [vdso]\n"
         "7f05-7f06 r-xp 00002000 fe:01 2 /lib/libc.so.6\n";
  auto files = process_executable_files(42, f.dir.string());
  ASSERT_TRUE(files.ok()) << files.error().message;
  EXPECT_EQ(*files,
            (std::vector<std::string>{"/usr/bin/app", "/lib/libc.so.6"}));
  auto missing = process_executable_files(43, f.dir.string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "process 43 does not exist (cannot read " +
                                         f.dir.string() + "/43/maps)");
}

} // namespace
} // namespace sctrace::gen
