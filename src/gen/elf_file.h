// Internal to the gen library: the ELF header and the section header table
// of an untrusted file, checked, for the readers that look at its sections
// (elf_symbols.cpp: symbol tables; usdt_notes.cpp: .note.stapsdt).
//
// Contract:
//  - Only 64-bit little-endian ELF files are accepted; anything else is an
//    Invalid error naming the source ("<name> is not a usable ELF file
//    (why); ...").
//  - At most kMaxElfSections section headers are read, in one read, after
//    their range is checked against the file's size.
//  - read_elf_section() reads one section whose range the caller checked
//    against the file's size and against its own cap.
#pragma once

#include <elf.h>

#include <string>
#include <vector>

#include "gen/elf_source.h"
#include "util/result.h"

namespace sctrace::gen {

// Section headers read at most (e_shnum is 16 bits: 65535 fit).
inline constexpr std::size_t kMaxElfSections = 65535;

// "<name> is not a usable ELF file (WHY); give the path of an ELF library
// or executable".
Error bad_elf(const ByteSource& src, const std::string& why);

Result<Elf64_Ehdr> read_elf_header(const ByteSource& src);

Result<std::vector<Elf64_Shdr>> read_elf_sections(const ByteSource& src,
                                                  const Elf64_Ehdr& eh);

Result<std::string> read_elf_section(const ByteSource& src,
                                     const Elf64_Shdr& sh);

} // namespace sctrace::gen
