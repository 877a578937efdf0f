#include "gen/elf_file.h"

#include <algorithm>
#include <cstring>

namespace sctrace::gen {

Error bad_elf(const ByteSource& src, const std::string& why) {
  return make_error(ErrorKind::Invalid,
                    src.name() + " is not a usable ELF file (" + why +
                        "); give the path of an ELF library or executable");
}

Result<Elf64_Ehdr> read_elf_header(const ByteSource& src) {
  Elf64_Ehdr eh;
  auto read = src.read(0, {reinterpret_cast<char*>(&eh), sizeof(eh)});
  if (!read.ok() || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
    return bad_elf(src, "no ELF header");
  if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
    return bad_elf(src, "not 64-bit little-endian");
  if (eh.e_shnum != 0 && eh.e_shentsize != sizeof(Elf64_Shdr))
    return bad_elf(src, "unexpected section header size");
  return eh;
}

// The section header table, read in one pread.
Result<std::vector<Elf64_Shdr>> read_elf_sections(const ByteSource& src,
                                                  const Elf64_Ehdr& eh) {
  std::size_t count = std::min<std::size_t>(eh.e_shnum, kMaxElfSections);
  std::uint64_t bytes = count * sizeof(Elf64_Shdr);
  if (!range_fits(eh.e_shoff, bytes, src.size()))
    return bad_elf(src, "truncated section headers");
  std::vector<Elf64_Shdr> sections(count);
  // In range, so only an I/O error can fail it; that error says why.
  SCTRACE_TRY(
      src.read(eh.e_shoff, {reinterpret_cast<char*>(sections.data()), bytes}));
  return sections;
}

Result<std::string> read_elf_section(const ByteSource& src,
                                     const Elf64_Shdr& sh) {
  std::string bytes(sh.sh_size, '\0'); // the caller capped sh_size
  SCTRACE_TRY(src.read(sh.sh_offset, {bytes.data(), bytes.size()}));
  return bytes;
}

} // namespace sctrace::gen
