// The trace_syscalls tool's JSON input (specs/trace_syscalls.input.schema
// .json) read into the options `sctrace syscalls` runs with: the reader
// behind `sctrace syscalls --input FILE|-`, with no CLI dependency, so
// that other front ends (an HTTP API) take the same documents.
//
// Mapping (each key to the command-line option it stands for):
//   target.pid N          -p N            target.pids [N, ...]  -p N,...
//   target.comm NAME      --comm NAME     target.container ID   --container
//   target.cgroup PATH    --cgroup PATH   target.all true       -a
//   target.command [argv] -- argv...
//   syscalls [sel, ...]   -e trace=...    duration S            -d S
//   format F              --format F      only_success true     -z
//   only_failed true      -Z              min_duration_us U     --min-duration
//   string_size N         -s N
// The schema's defaults apply to absent keys: syscalls ["openat"],
// duration 30, format "json". Selectors are strace items with a '!' of
// their own: the selection is the union of the plain items minus the
// union of the '!' items (only '!' items: every syscall but those).
//
// Contract:
//  - Never throws; every error is ErrorKind::Invalid (ErrorKind::Syntax for
//    malformed JSON text, with its line and column).
//  - Unknown keys are refused naming the key and listing the known ones;
//    wrong types name the key ("target.pids[2]") and the expected type;
//    out-of-range values give the schema's range; only_success and
//    only_failed both true are refused; a target must have exactly one
//    property; strings holding a NUL byte (which no command line can
//    carry) are refused.
//  - Beyond the schema, refused because no run could honour them:
//    min_duration_us whose nanoseconds overflow 64 bits, and '!' items
//    that exclude everything the plain items select.
//  - Selectors are checked against the schema's pattern here. A list
//    mixing plain and '!' items is resolved here by
//    targets::parse_selection (unknown names, globs that match nothing);
//    any other list, and the target (pids that must exist, containers,
//    cgroups, comm), are checked when the options run, by parse_selection
//    and targets::resolve_target, exactly as the command line's are.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "modes/syscalls/run.h"
#include "util/result.h"

namespace sctrace::syscalls {

// The options one input document asks for. Only the fields the schema
// covers are set in `options`; the rest keep SyscallsOptions' defaults.
struct SyscallsInput {
  SyscallsOptions options;
  std::string format = "json"; // text, json, jsonl or csv
};

// The most bytes of JSON text --input reads (1 MiB).
inline constexpr std::size_t kMaxInputBytes = 1 << 20;

Result<SyscallsInput> syscalls_input_from_json(const nlohmann::json& json);

} // namespace sctrace::syscalls
