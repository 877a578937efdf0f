// Fuzz target: the ELF symbol reader behind uprobe "did you mean" hints
// (gen::elf_function_symbols), fed from memory through gen::MemorySource,
// the same ByteSource interface production reads files through (pread).
//
// Input: the bytes of a (hostile) ELF file, up to 64 KiB.
// Invariants:
//  - success gives names that are sorted, unique, non-empty, free of '@'
//    and NUL, and each a substring of the input (names are never made up
//    or read from outside the file);
//  - an error has a kind Invalid and a message that starts with the
//    source's name;
//  - the reader never reads past the end (MemorySource fails such reads,
//    and ASan would catch a stray one).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "gen/elf_symbols.h"

using namespace sctrace;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto taken = fuzz::take_input(data, size, 65536);
  if (!taken)
    return 0;
  std::string_view input = *taken;
  gen::MemorySource src(input, "fuzz.so");
  auto syms = gen::elf_function_symbols(src);
  if (!syms.ok()) {
    FUZZ_REQUIRE(syms.error().kind == ErrorKind::Invalid, syms.error().message);
    FUZZ_REQUIRE(syms.error().message.rfind("fuzz.so", 0) == 0,
                 syms.error().message);
    return 0;
  }
  FUZZ_REQUIRE(std::is_sorted(syms->begin(), syms->end()), "not sorted");
  FUZZ_REQUIRE(std::adjacent_find(syms->begin(), syms->end()) == syms->end(),
               "duplicate names");
  for (const auto& name : *syms) {
    FUZZ_REQUIRE(!name.empty(), "empty name");
    FUZZ_REQUIRE(name.find('@') == std::string::npos, name);
    FUZZ_REQUIRE(name.find('\0') == std::string::npos, name);
    FUZZ_REQUIRE(input.find(name) != std::string_view::npos,
                 "name not in the input: " + name);
  }
  return 0;
}
