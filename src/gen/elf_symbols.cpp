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

// SYM's name in STRTAB (sym.st_name < strtab.size(), checked by the
// caller), without its "@VERSION" suffix.
std::string symbol_name(const Elf64_Sym& sym, const std::string& strtab) {
  const char* start = strtab.data() + sym.st_name;
  std::string name(start, strnlen(start, strtab.size() - sym.st_name));
  if (auto at = name.find('@'); at != std::string::npos)
    name.resize(at);
  return name;
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
    if (std::string name = symbol_name(sym, strtab); !name.empty())
      names.push_back(std::move(name));
  }
}

bool is_code_or_data(const Elf64_Sym& sym) {
  int type = ELF64_ST_TYPE(sym.st_info);
  return (type == STT_FUNC || type == STT_GNU_IFUNC || type == STT_OBJECT) &&
         sym.st_shndx != SHN_UNDEF && sym.st_value != 0;
}

// Appends the defined symbols of one table with their addresses.
void collect_addresses(const std::string& symtab, const std::string& strtab,
                       std::vector<ElfSymbol>& out) {
  for (std::size_t off = 0; symtab.size() - off >= sizeof(Elf64_Sym);
       off += sizeof(Elf64_Sym)) {
    Elf64_Sym sym;
    std::memcpy(&sym, symtab.data() + off, sizeof(sym));
    if (!is_code_or_data(sym) || sym.st_name >= strtab.size())
      continue;
    if (std::string name = symbol_name(sym, strtab); !name.empty())
      out.push_back({std::move(name), sym.st_value, sym.st_size});
  }
}

Result<std::vector<ElfLoad>> read_loads(const ByteSource& src,
                                        const Elf64_Ehdr& eh) {
  std::vector<ElfLoad> loads;
  if (eh.e_phnum == 0)
    return loads;
  if (eh.e_phentsize != sizeof(Elf64_Phdr) ||
      !range_fits(eh.e_phoff,
                  static_cast<std::uint64_t>(eh.e_phnum) * sizeof(Elf64_Phdr),
                  src.size()))
    return bad_elf(src, "bad program headers");
  for (std::uint64_t i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph;
    SCTRACE_TRY(src.read(eh.e_phoff + i * sizeof(Elf64_Phdr),
                         {reinterpret_cast<char*>(&ph), sizeof(ph)}));
    if (ph.p_type == PT_LOAD)
      loads.push_back({ph.p_offset, ph.p_vaddr, ph.p_filesz});
  }
  return loads;
}

} // namespace

Result<ElfImage> elf_image(const ByteSource& src) {
  SCTRACE_TRY_ASSIGN(eh, read_elf_header(src));
  SCTRACE_TRY_ASSIGN(sections, read_elf_sections(src, eh));
  SCTRACE_TRY(check_tables(src, sections));
  ElfImage image;
  SCTRACE_TRY_ASSIGN(loads, read_loads(src, eh));
  image.loads = std::move(loads);
  for (const auto& sh : sections) {
    if (!is_symbol_table(sh))
      continue;
    SCTRACE_TRY_ASSIGN(symtab, read_elf_section(src, sh));
    SCTRACE_TRY_ASSIGN(strtab, read_elf_section(src, sections[sh.sh_link]));
    collect_addresses(symtab, strtab, image.symbols);
  }
  auto by_value = [](const ElfSymbol& a, const ElfSymbol& b) {
    return a.value != b.value ? a.value < b.value : a.name < b.name;
  };
  std::sort(image.symbols.begin(), image.symbols.end(), by_value);
  image.symbols.erase(std::unique(image.symbols.begin(), image.symbols.end(),
                                  [](const ElfSymbol& a, const ElfSymbol& b) {
                                    return a.value == b.value &&
                                           a.name == b.name;
                                  }),
                      image.symbols.end());
  return image;
}

Result<ElfImage> elf_image(const std::string& path) {
  SCTRACE_TRY_ASSIGN(src, open_file_source(path));
  return elf_image(*src);
}

std::optional<std::pair<const ElfSymbol*, std::uint64_t>>
ElfImage::symbol_at(std::uint64_t file_offset) const {
  std::optional<std::uint64_t> vaddr;
  for (const ElfLoad& l : loads)
    if (file_offset >= l.offset && file_offset - l.offset < l.size)
      vaddr = file_offset - l.offset + l.vaddr;
  if (!vaddr)
    return std::nullopt;
  // The nearest symbol starting at or before vaddr whose size covers it (a
  // size of 0 covers its first byte only); a few candidates back at most,
  // for symbols nested in others.
  auto it = std::upper_bound(
      symbols.begin(), symbols.end(), *vaddr,
      [](std::uint64_t v, const ElfSymbol& s) { return v < s.value; });
  for (int steps = 0; it != symbols.begin() && steps < 16; ++steps) {
    --it;
    const std::uint64_t off = *vaddr - it->value;
    if (off < std::max<std::uint64_t>(it->size, 1))
      return std::make_pair(&*it, off);
  }
  return std::nullopt;
}

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
