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
// The USDT note reader (gen::elf_usdt_probes) runs on the same input, with
// the same error invariants; its probes are sorted and unique, their
// provider and name printable ASCII found in the input, and their
// argument counts not negative.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "fuzz_check.h"
#include "gen/elf_symbols.h"
#include "gen/usdt_notes.h"

using namespace sctrace;

namespace {

void check_usdt(std::string_view input, const gen::MemorySource& src) {
  auto probes = gen::elf_usdt_probes(src);
  if (!probes.ok()) {
    FUZZ_REQUIRE(probes.error().kind == ErrorKind::Invalid,
                 probes.error().message);
    FUZZ_REQUIRE(probes.error().message.rfind("fuzz.so", 0) == 0,
                 probes.error().message);
    return;
  }
  auto key = [](const gen::UsdtProbe& p) {
    return std::make_pair(p.provider, p.name);
  };
  for (std::size_t i = 0; i < probes->size(); ++i) {
    const gen::UsdtProbe& p = (*probes)[i];
    FUZZ_REQUIRE(i == 0 || key((*probes)[i - 1]) < key(p), "not sorted");
    FUZZ_REQUIRE(p.arg_count >= 0, "negative argument count");
    for (const std::string* s : {&p.provider, &p.name}) {
      FUZZ_REQUIRE(!s->empty(), "empty name");
      for (char c : *s)
        FUZZ_REQUIRE(c > 0x20 && c < 0x7f, "unprintable name: " + *s);
      FUZZ_REQUIRE(input.find(*s) != std::string_view::npos,
                   "name not in the input: " + *s);
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto taken = fuzz::take_input(data, size, 65536);
  if (!taken)
    return 0;
  std::string_view input = *taken;
  gen::MemorySource src(input, "fuzz.so");
  check_usdt(input, src);
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
