// The USDT probes an ELF file declares: its SystemTap SDT notes (section
// .note.stapsdt, note owner "stapsdt", type 3), so a u: spec is checked
// before bpftrace runs: the probe must exist, and argN must be one of its
// arguments.
//
// A note's descriptor holds three 8-byte addresses (the probe's pc, the
// .stapsdt.base address, the semaphore), then the NUL-terminated provider,
// probe name and argument string, e.g. "-4@%eax 8@%rdx": one
// space-separated spec per argument.
//
// Contract:
//  - Reads the ELF header, the section header table and the SHT_NOTE
//    sections only (gen/elf_file.h), at most kMaxUsdtNoteBytes of notes in
//    all, refused (Invalid) before any is read when the file claims more.
//  - Every size and offset is checked against the section; a note that
//    runs past its section ends the walk of that section with an Invalid
//    error naming the file. Other owners and types are skipped.
//  - Probes whose provider or name is empty, or has a byte outside
//    printable ASCII or a space, are skipped: no spec can name them, and
//    error messages list the names as they are.
//  - The result is sorted by provider, then name, one entry per probe; a
//    probe with several sites (one note each) has the smallest argument
//    count of its sites, the arguments every site has.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gen/elf_source.h"
#include "util/result.h"

namespace sctrace::gen {

// Bytes of SHT_NOTE sections read at most per file: 64 MiB. libc's notes
// are about 4 KiB; a program with a million probe sites needs ~100 MiB.
inline constexpr std::uint64_t kMaxUsdtNoteBytes = 64ull << 20;

struct UsdtProbe {
  std::string provider;
  std::string name;
  int arg_count = 0;
  std::string full_name() const { return provider + ":" + name; }
  bool operator==(const UsdtProbe&) const = default;
};

Result<std::vector<UsdtProbe>> elf_usdt_probes(const ByteSource& src);

// The same for a file (open_file_source()).
Result<std::vector<UsdtProbe>> elf_usdt_probes(const std::string& path);

// The number of arguments an SDT argument string describes: its
// space-separated specs ("-4@%eax 8@%rdx" -> 2, "" -> 0).
int usdt_arg_count(std::string_view args);

} // namespace sctrace::gen
