// Where the USDT probe of a u: spec is, and how many arguments it has
// (the USDT part of probe_resolve.h), found before bpftrace runs.
//
//  - u:BINARY:[PROVIDER:]PROBE: BINARY is resolved as for uprobes
//    (resolve_library) and its SDT notes (usdt_notes.h) must declare the
//    probe; the error names the binary and lists the probes it has (the
//    first kMaxListedProbes), or says it has none.
//  - u::[PROVIDER:]PROBE with a process (-p PID): the files that process
//    maps executable (/proc/PID/maps) are searched in map order and the
//    first that declares the probe is used, as trace.py does; an error
//    when none does, or without a process.
//  - A binary whose notes cannot be read (not a 64-bit ELF file, over
//    kMaxUsdtNoteBytes) is left for bpftrace to judge: no argument count.
//  - PROBE matches a probe's name; PROVIDER, when given, its provider.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/trace_spec.h"
#include "util/result.h"

namespace sctrace::gen {

// Probes listed at most in a "no such probe" error.
inline constexpr std::size_t kMaxListedProbes = 20;

struct UsdtLocation {
  std::string path;             // the binary, canonical
  std::string name;             // provider:probe as declared, or the target
  std::optional<int> arg_count; // nullopt: the notes could not be read
};

Result<UsdtLocation> locate_usdt_probe(const spec::TraceSpec& spec,
                                       std::optional<std::int64_t> pid);

// The files a process maps executable, each once, in the order of
// PROC_ROOT/PID/maps. Mappings that are not files (anonymous, [vdso]),
// deleted files, and paths with characters a probe name cannot hold are
// left out. NotFound when the process does not exist.
Result<std::vector<std::string>>
process_executable_files(std::int64_t pid,
                         std::string_view proc_root = "/proc");

} // namespace sctrace::gen
