// Function names defined in an ELF file (.symtab and .dynsym), so a uprobe
// on a function that does not exist gets "did you mean" names before
// bpftrace runs.
//
// Contract:
//  - Only the ELF header, the section header table, the SHT_SYMTAB and
//    SHT_DYNSYM sections and the string tables they link to are read
//    (pread), never the whole file: a library's code and data, or the
//    holes of a sparse file, cost nothing.
//  - Reading is bounded: at most kMaxElfSections section headers (the
//    most e_shnum can say), and at most kMaxElfSymbolBytes bytes of
//    symbol and string tables in all. A file whose tables are larger is
//    refused (Invalid) before anything of them is read, with a message
//    naming the file, the size and the cap (docs/limits.md).
//  - Every offset and size from the file is checked against the file's
//    size (overflow safe), sh_link against the section count, sh_entsize
//    against Elf64_Sym, and each name against its string table.
//  - Any input gives a Result; nothing throws, nothing reads outside the
//    ranges the file declares.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gen/elf_file.h"
#include "gen/elf_source.h"
#include "util/result.h"

namespace sctrace::gen {

// Bytes of symbol and string tables read at most per file: 256 MiB, 60
// times those of libLLVM-14.so.1 (4 MiB), whose are the largest of a
// Debian 12 system; unstripped builds of huge programs can still exceed it.
inline constexpr std::uint64_t kMaxElfSymbolBytes = 256ull << 20;

// Sorted, unique names of the defined FUNC and IFUNC symbols of a 64-bit
// little-endian ELF file, without @VERSION suffixes. Fails for files that
// are not regular files, not such ELF files, truncated, inconsistent, or
// over the caps above. The uprobe check (probe_resolve.cpp) skips its
// "did you mean" check on any failure and leaves the name to bpftrace.
Result<std::vector<std::string>> elf_function_symbols(const std::string& path);

// The same over any ByteSource (the fuzz target feeds it from memory).
Result<std::vector<std::string>> elf_function_symbols(const ByteSource& src);

// One defined FUNC, IFUNC or OBJECT symbol with its address (st_value) and
// size, for turning an address into "name+0xoff" (%U).
struct ElfSymbol {
  std::string name; // without @VERSION
  std::uint64_t value = 0;
  std::uint64_t size = 0;
};

// One PT_LOAD segment: file bytes [offset, offset+size) load at vaddr.
struct ElfLoad {
  std::uint64_t offset = 0, vaddr = 0, size = 0;
};

// What an address in a mapping of the file needs: the symbols sorted by
// value (.symtab's and .dynsym's, duplicates removed) and the PT_LOAD
// segments. Same bounds and checks as elf_function_symbols.
struct ElfImage {
  std::vector<ElfSymbol> symbols;
  std::vector<ElfLoad> loads;
  // The symbol covering the byte at FILE_OFFSET (an address in a mapping
  // minus the mapping's start plus its file offset, as /proc/PID/maps
  // gives them) and the offset into it; nullopt when none covers it.
  std::optional<std::pair<const ElfSymbol*, std::uint64_t>>
  symbol_at(std::uint64_t file_offset) const;
};

Result<ElfImage> elf_image(const ByteSource& src);
Result<ElfImage> elf_image(const std::string& path);

} // namespace sctrace::gen
