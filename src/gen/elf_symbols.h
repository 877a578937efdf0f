// Function names defined in an ELF file (.symtab and .dynsym), so a uprobe
// on a function that does not exist gets "did you mean" names before
// bpftrace runs.
#pragma once

#include <string>
#include <vector>

#include "util/result.h"

namespace sctrace::gen {

// Sorted, unique names of the defined FUNC and IFUNC symbols of a 64-bit
// little-endian ELF file, without @VERSION suffixes. Fails for files that
// are not such ELF files or that are truncated or inconsistent.
Result<std::vector<std::string>> elf_function_symbols(const std::string& path);

} // namespace sctrace::gen
