// The session's events::SymbolResolver: kernel addresses from
// /proc/kallsyms, user addresses from the process's /proc/PID/maps and
// the mapped file's ELF symbols (gen/elf_symbols.h), printed as trace.py
// prints them (events/symbols.h).
//
// Contract:
//  - kallsyms is read once, on the first %K; unreadable (or all addresses
//    0: not root) means bpftrace's name is printed as it came.
//  - A user address is resolved while its process lives (the parser calls
//    at once, as bpftrace's own usym() does); the maps line gives the file
//    and its offset, the file's PT_LOAD segments and symbols the name.
//    Up to kMaxImages files' symbol tables are kept (least recently used
//    dropped); a file that cannot be read gives "[unknown] [module]".
//  - Each process's maps are kept too (kMaxProcesses, least recently used
//    dropped) and read again only when an address is not in them, so the
//    events of a process read after it exited still resolve (as bcc's
//    per-process cache did when bpftrace symbolised). A process that
//    exec'd keeps its old maps for addresses they cover, as bcc's did.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "events/symbols.h"
#include "gen/elf_symbols.h"

namespace sctrace::engine {

// A file-backed range of a process's address space.
struct FileMapping {
  std::uint64_t start = 0, end = 0, file_offset = 0;
  std::string path;
};

class ProcSymbols final : public events::SymbolResolver {
public:
  static constexpr std::size_t kMaxImages = 32;
  static constexpr std::size_t kMaxProcesses = 64;

  std::string kernel(std::uint64_t address, std::string_view name) override;
  // "name+0xoff [module]", "[unknown] [module]", or without a file
  // mapping NAME (bpftrace's usym() text, if any) or "[unknown]".
  std::string user(std::uint32_t pid, std::uint64_t address,
                   std::string_view name) override;
  events::UserSymbol user_symbol(std::uint32_t pid,
                                 std::uint64_t address) override;

private:
  void load_kallsyms();
  const gen::ElfImage* image(const std::string& path);
  const FileMapping* mapping(std::uint32_t pid, std::uint64_t address);

  bool kallsyms_loaded_ = false;
  std::vector<std::pair<std::uint64_t, std::string>> kallsyms_; // sorted
  // Most recently used first; a null image: the file could not be read.
  std::list<std::pair<std::string, std::shared_ptr<gen::ElfImage>>> images_;
  std::list<std::pair<std::uint32_t, std::vector<FileMapping>>> maps_;
};

// "name+0xOFF".
std::string symbol_with_offset(std::string_view name, std::uint64_t offset);

} // namespace sctrace::engine
