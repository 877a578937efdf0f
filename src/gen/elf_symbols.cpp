#include "gen/elf_symbols.h"

#include "gen/elf_file.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace sctrace::gen {

namespace {

Error over_cap(const ByteSource& src, std::uint64_t bytes) {
  return make_error(
      ErrorKind::Invalid,
      src.name() + ": its symbol and string tables claim " +
          std::to_string(bytes) + " bytes, over the cap of " +
          std::to_string(kMaxElfSymbolBytes) +
          " bytes (256 MiB, docs/limits.md) that sctrace reads to check "
          "uprobe function names; the name is left for bpftrace to check, "
          "or check it against a smaller (stripped) copy of the library");
}

bool is_symbol_table(const Elf64_Shdr& sh) {
  return sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM;
}

// Checks every symbol table and its string table against the file and
// the caps, before anything of them is read.
Result<void> check_tables(const ByteSource& src,
                          const std::vector<Elf64_Shdr>& sections) {
  std::uint64_t total = 0; // saturates instead of wrapping
  auto add = [&](const Elf64_Shdr& sh) {
    total = sh.sh_size > UINT64_MAX - total ? UINT64_MAX : total + sh.sh_size;
  };
  for (const auto& sh : sections) {
    if (!is_symbol_table(sh))
      continue;
    if (sh.sh_link >= sections.size() || sh.sh_entsize != sizeof(Elf64_Sym) ||
        sections[sh.sh_link].sh_type != SHT_STRTAB)
      return bad_elf(src, "bad symbol table");
    const Elf64_Shdr& str = sections[sh.sh_link];
    if (!range_fits(sh.sh_offset, sh.sh_size, src.size()) ||
        !range_fits(str.sh_offset, str.sh_size, src.size()))
      return bad_elf(src, "truncated symbol table");
    add(sh);
    add(str);
  }
  if (total > kMaxElfSymbolBytes)
    return over_cap(src, total);
  return Ok{};
}

// Appends the names of the defined functions of one symbol table.
void collect_functions(const std::string& symtab, const std::string& strtab,
                       std::vector<std::string>& names) {
  for (std::size_t off = 0; symtab.size() - off >= sizeof(Elf64_Sym);
       off += sizeof(Elf64_Sym)) {
    Elf64_Sym sym;
    std::memcpy(&sym, symtab.data() + off, sizeof(sym));
    int type = ELF64_ST_TYPE(sym.st_info);
    if ((type != STT_FUNC && type != STT_GNU_IFUNC) ||
        sym.st_shndx == SHN_UNDEF || sym.st_name >= strtab.size())
      continue;
    const char* start = strtab.data() + sym.st_name;
    std::string name(start, strnlen(start, strtab.size() - sym.st_name));
    if (auto at = name.find('@'); at != std::string::npos)
      name.resize(at);
    if (!name.empty())
      names.push_back(std::move(name));
  }
}

} // namespace

Result<std::vector<std::string>> elf_function_symbols(const ByteSource& src) {
  SCTRACE_TRY_ASSIGN(eh, read_elf_header(src));
  SCTRACE_TRY_ASSIGN(sections, read_elf_sections(src, eh));
  SCTRACE_TRY(check_tables(src, sections));
  std::vector<std::string> names;
  for (const auto& sh : sections) {
    if (!is_symbol_table(sh))
      continue;
    SCTRACE_TRY_ASSIGN(symtab, read_elf_section(src, sh));
    SCTRACE_TRY_ASSIGN(strtab, read_elf_section(src, sections[sh.sh_link]));
    collect_functions(symtab, strtab, names);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

Result<std::vector<std::string>> elf_function_symbols(const std::string& path) {
  SCTRACE_TRY_ASSIGN(src, open_file_source(path));
  return elf_function_symbols(*src);
}

} // namespace sctrace::gen
