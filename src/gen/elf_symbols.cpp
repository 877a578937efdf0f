#include "gen/elf_symbols.h"

#include <elf.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

namespace sctrace::gen {

namespace {

// Copies a T out of the file image at offset, or fails when it would run
// past the end (files are untrusted input).
template <typename T>
bool read_at(const std::string& image, std::uint64_t offset, T& out) {
  if (offset > image.size() || image.size() - offset < sizeof(T))
    return false;
  std::memcpy(&out, image.data() + offset, sizeof(T));
  return true;
}

Error bad_elf(const std::string& path, const std::string& why) {
  return make_error(ErrorKind::Invalid,
                    path + " is not a usable ELF file (" + why + ")");
}

} // namespace

Result<std::vector<std::string>> elf_function_symbols(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return make_error(ErrorKind::NotFound, "cannot open " + path);
  std::string image((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  Elf64_Ehdr eh;
  if (!read_at(image, 0, eh) || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
    return bad_elf(path, "no ELF header");
  if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
    return bad_elf(path, "not 64-bit little-endian");
  if (eh.e_shentsize != sizeof(Elf64_Shdr))
    return bad_elf(path, "unexpected section header size");

  std::vector<Elf64_Shdr> sections(eh.e_shnum);
  for (std::size_t i = 0; i < sections.size(); ++i)
    if (!read_at(image, eh.e_shoff + i * sizeof(Elf64_Shdr), sections[i]))
      return bad_elf(path, "truncated section headers");

  std::vector<std::string> names;
  for (const auto& sh : sections) {
    if (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM)
      continue;
    if (sh.sh_link >= sections.size() || sh.sh_entsize != sizeof(Elf64_Sym))
      return bad_elf(path, "bad symbol table");
    const Elf64_Shdr& strtab = sections[sh.sh_link];
    for (std::uint64_t off = 0; off + sizeof(Elf64_Sym) <= sh.sh_size;
         off += sizeof(Elf64_Sym)) {
      Elf64_Sym sym;
      if (!read_at(image, sh.sh_offset + off, sym))
        return bad_elf(path, "truncated symbol table");
      int type = ELF64_ST_TYPE(sym.st_info);
      if ((type != STT_FUNC && type != STT_GNU_IFUNC) ||
          sym.st_shndx == SHN_UNDEF || sym.st_name >= strtab.sh_size)
        continue;
      std::uint64_t start = strtab.sh_offset + sym.st_name;
      if (start >= image.size())
        continue;
      std::size_t limit = std::min<std::uint64_t>(image.size() - start,
                                                  strtab.sh_size - sym.st_name);
      std::string name(image.data() + start,
                       strnlen(image.data() + start, limit));
      if (auto at = name.find('@'); at != std::string::npos)
        name.resize(at);
      if (!name.empty())
        names.push_back(std::move(name));
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

} // namespace sctrace::gen
