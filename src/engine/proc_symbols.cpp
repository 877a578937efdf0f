#include "engine/proc_symbols.h"

#include <cxxabi.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace sctrace::engine {
namespace {

bool parse_hex(std::string_view s, std::uint64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
  return ec == std::errc() && p == s.data() + s.size();
}

// The file-backed lines of /proc/PID/maps ("START-END PERMS OFFSET DEV
// INODE PATH"); empty when the process is gone.
std::vector<FileMapping> read_maps(std::uint32_t pid) {
  std::vector<FileMapping> out;
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream in(line);
    std::string range, perms, offset, dev, inode, path;
    in >> range >> perms >> offset >> dev >> inode;
    std::getline(in >> std::ws, path);
    const std::size_t dash = range.find('-');
    FileMapping m;
    if (dash == std::string::npos || path.empty() || path[0] != '/' ||
        !parse_hex(std::string_view(range).substr(0, dash), m.start) ||
        !parse_hex(std::string_view(range).substr(dash + 1), m.end) ||
        !parse_hex(offset, m.file_offset))
      continue;
    m.path = std::move(path);
    out.push_back(std::move(m));
  }
  return out;
}

const FileMapping* covering(const std::vector<FileMapping>& maps,
                            std::uint64_t address) {
  for (const FileMapping& m : maps)
    if (address >= m.start && address < m.end)
      return &m;
  return nullptr;
}

} // namespace

// The cached maps of PID first; on a miss they are read again (a library
// loaded since), and a process that is gone keeps its last maps, so events
// read after it exited still resolve.
const FileMapping* ProcSymbols::mapping(std::uint32_t pid,
                                        std::uint64_t address) {
  auto it = maps_.begin();
  while (it != maps_.end() && it->first != pid)
    ++it;
  if (it != maps_.end()) {
    maps_.splice(maps_.begin(), maps_, it);
    if (const FileMapping* m = covering(maps_.front().second, address))
      return m;
  }
  std::vector<FileMapping> fresh = read_maps(pid);
  if (fresh.empty())
    return nullptr;
  if (it == maps_.end()) {
    maps_.emplace_front(pid, std::move(fresh));
    if (maps_.size() > kMaxProcesses)
      maps_.pop_back();
  } else {
    maps_.front().second = std::move(fresh);
  }
  return covering(maps_.front().second, address);
}

namespace {

// C++ names demangled, as trace.py (and bpftrace's usym()) print them.
std::string demangled(const std::string& name) {
  if (!name.starts_with("_Z"))
    return name;
  int status = 0;
  char* d = abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status);
  std::string out = status == 0 && d ? std::string(d) : name;
  std::free(d);
  return out;
}

std::string base_name(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace

std::string symbol_with_offset(std::string_view name, std::uint64_t offset) {
  char hex[17];
  auto [end, ec] = std::to_chars(hex, hex + sizeof hex, offset, 16);
  (void)ec;
  std::string out(name);
  out.append("+0x");
  out.append(hex, end);
  return out;
}

void ProcSymbols::load_kallsyms() {
  kallsyms_loaded_ = true;
  std::ifstream in("/proc/kallsyms");
  std::string line;
  bool any_address = false;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string address, type, name;
    fields >> address >> type >> name;
    std::uint64_t a = 0;
    if (name.empty() || !parse_hex(address, a))
      continue;
    any_address = any_address || a != 0;
    kallsyms_.emplace_back(a, std::move(name));
  }
  if (!any_address)
    kallsyms_.clear(); // not root: every address reads as 0
  std::stable_sort(
      kallsyms_.begin(), kallsyms_.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::string ProcSymbols::kernel(std::uint64_t address, std::string_view name) {
  if (!kallsyms_loaded_)
    load_kallsyms();
  auto it = std::upper_bound(
      kallsyms_.begin(), kallsyms_.end(), address,
      [](std::uint64_t a, const auto& s) { return a < s.first; });
  if (kallsyms_.empty() || it == kallsyms_.begin())
    return name.starts_with("0x") || name.empty() ? "[unknown]"
                                                  : std::string(name);
  --it;
  return symbol_with_offset(it->second, address - it->first);
}

const gen::ElfImage* ProcSymbols::image(const std::string& path) {
  for (auto it = images_.begin(); it != images_.end(); ++it)
    if (it->first == path) {
      images_.splice(images_.begin(), images_, it);
      return images_.front().second.get();
    }
  auto loaded = gen::elf_image(path);
  images_.emplace_front(path, loaded.ok() ? std::make_shared<gen::ElfImage>(
                                                std::move(loaded).value())
                                          : nullptr);
  if (images_.size() > kMaxImages)
    images_.pop_back();
  return images_.front().second.get();
}

events::UserSymbol ProcSymbols::user_symbol(std::uint32_t pid,
                                            std::uint64_t address) {
  events::UserSymbol out;
  const FileMapping* m = mapping(pid, address);
  if (m == nullptr)
    return out;
  out.module = m->path;
  const gen::ElfImage* img = image(m->path);
  if (img != nullptr)
    if (auto hit = img->symbol_at(address - m->start + m->file_offset)) {
      out.name = demangled(hit->first->name);
      out.offset = hit->second;
    }
  return out;
}

std::string ProcSymbols::user(std::uint32_t pid, std::uint64_t address,
                              std::string_view name) {
  const events::UserSymbol s = user_symbol(pid, address);
  if (s.module.empty())
    return name.starts_with("0x") || name.empty() ? "[unknown]"
                                                  : std::string(name);
  const std::string module = " [" + base_name(s.module) + "]";
  if (s.name.empty())
    return "[unknown]" + module;
  return symbol_with_offset(s.name, s.offset) + module;
}

} // namespace sctrace::engine
