#include "gen/usdt_notes.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "gen/elf_file.h"

namespace sctrace::gen {

namespace {

constexpr std::uint32_t kStapsdtNoteType = 3;
constexpr char kStapsdtOwner[] = "stapsdt";  // namesz 8, with its NUL
constexpr std::size_t kAddressBytes = 3 * 8; // pc, base, semaphore

Error over_cap(const ByteSource& src, std::uint64_t bytes) {
  return make_error(ErrorKind::Invalid,
                    src.name() + ": its note sections claim " +
                        std::to_string(bytes) + " bytes, over the cap of " +
                        std::to_string(kMaxUsdtNoteBytes) +
                        " bytes (64 MiB, docs/limits.md) that sctrace reads "
                        "to find USDT probes");
}

std::uint64_t align4(std::uint64_t n) {
  return (n + 3) & ~std::uint64_t{3};
}

// Checks the note sections against the file and the cap before any is read.
Result<void> check_notes(const ByteSource& src,
                         const std::vector<Elf64_Shdr>& sections) {
  std::uint64_t total = 0; // saturates instead of wrapping
  for (const auto& sh : sections) {
    if (sh.sh_type != SHT_NOTE)
      continue;
    if (!range_fits(sh.sh_offset, sh.sh_size, src.size()))
      return bad_elf(src, "truncated note section");
    total = sh.sh_size > UINT64_MAX - total ? UINT64_MAX : total + sh.sh_size;
  }
  if (total > kMaxUsdtNoteBytes)
    return over_cap(src, total);
  return Ok{};
}

// A name a spec can hold and an error message can show as it is.
bool is_plain_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return c > 0x20 && c < 0x7f; });
}

// The NUL-terminated string at pos of desc (advancing pos past its NUL),
// or nullopt when desc ends first.
std::optional<std::string_view> next_string(std::string_view desc,
                                            std::size_t& pos) {
  std::size_t end = desc.find('\0', pos);
  if (end == std::string_view::npos)
    return std::nullopt;
  std::string_view s = desc.substr(pos, end - pos);
  pos = end + 1;
  return s;
}

// The probe one stapsdt descriptor declares, if it is well formed and
// nameable. A missing argument string means no arguments.
std::optional<UsdtProbe> parse_descriptor(std::string_view desc) {
  if (desc.size() < kAddressBytes)
    return std::nullopt;
  std::size_t pos = kAddressBytes;
  auto provider = next_string(desc, pos);
  auto name = provider ? next_string(desc, pos) : std::nullopt;
  if (!name || !is_plain_name(*provider) || !is_plain_name(*name))
    return std::nullopt;
  auto args = next_string(desc, pos);
  return UsdtProbe{std::string(*provider), std::string(*name),
                   args ? usdt_arg_count(*args) : 0};
}

using ProbeMap = std::map<std::pair<std::string, std::string>, int>;

// Adds the stapsdt probes of one note section to probes.
Result<void> walk_notes(const ByteSource& src, std::string_view notes,
                        ProbeMap& probes) {
  std::size_t off = 0;
  while (notes.size() - off >= sizeof(Elf64_Nhdr)) {
    Elf64_Nhdr nh;
    std::memcpy(&nh, notes.data() + off, sizeof(nh));
    std::uint64_t name_at = off + sizeof(nh);
    std::uint64_t desc_at = name_at + align4(nh.n_namesz);
    std::uint64_t next = desc_at + align4(nh.n_descsz);
    if (desc_at + nh.n_descsz > notes.size())
      return bad_elf(src, "a note runs past its section");
    std::string_view owner = notes.substr(name_at, nh.n_namesz);
    if (nh.n_type == kStapsdtNoteType &&
        owner == std::string_view(kStapsdtOwner, sizeof(kStapsdtOwner))) {
      if (auto p = parse_descriptor(notes.substr(desc_at, nh.n_descsz))) {
        auto key = std::make_pair(p->provider, p->name);
        auto [it, added] = probes.emplace(key, p->arg_count);
        if (!added)
          it->second = std::min(it->second, p->arg_count);
      }
    }
    off = static_cast<std::size_t>(std::min<std::uint64_t>(next, notes.size()));
  }
  return Ok{};
}

} // namespace

int usdt_arg_count(std::string_view args) {
  int count = 0;
  bool in_spec = false;
  for (char c : args) {
    bool space = c == ' ' || c == '\t';
    if (!space && !in_spec)
      ++count;
    in_spec = !space;
  }
  return count;
}

Result<std::vector<UsdtProbe>> elf_usdt_probes(const ByteSource& src) {
  SCTRACE_TRY_ASSIGN(eh, read_elf_header(src));
  SCTRACE_TRY_ASSIGN(sections, read_elf_sections(src, eh));
  SCTRACE_TRY(check_notes(src, sections));
  ProbeMap probes;
  for (const auto& sh : sections) {
    if (sh.sh_type != SHT_NOTE)
      continue;
    SCTRACE_TRY_ASSIGN(notes, read_elf_section(src, sh));
    SCTRACE_TRY(walk_notes(src, notes, probes));
  }
  std::vector<UsdtProbe> out;
  for (auto& [key, count] : probes)
    out.push_back({key.first, key.second, count});
  return out;
}

Result<std::vector<UsdtProbe>> elf_usdt_probes(const std::string& path) {
  SCTRACE_TRY_ASSIGN(src, open_file_source(path));
  return elf_usdt_probes(*src);
}

} // namespace sctrace::gen
