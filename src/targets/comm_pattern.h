// --comm PATTERN: which process names a trace covers, matched in the
// kernel (gen/syscall_target.h).
//
// Contract:
//  - PATTERN is an exact name ("nginx"), or a prefix glob ("ngin*": every
//    name that starts with "ngin"), compared in the kernel with
//    `comm == "nginx"` or `strncmp(comm, "ngin", 4) == 0`, which bpftrace
//    0.17 and 0.23 both compile.
//  - Other globs ('?', '[...]', '*' before the end, '*' alone) are refused
//    with ErrorKind::Invalid saying what is supported: bpftrace has no
//    string match at an offset that both versions compile, and a pattern
//    must never silently trace nothing.
//  - The name part is 1 to 15 bytes (the kernel keeps 15 of a name);
//    longer is refused, as it could never match.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace sctrace::targets {

struct CommPattern {
  std::string text;    // the name, or the prefix without its '*'
  bool prefix = false; // NAME*: names that start with text
};

Result<CommPattern> parse_comm_pattern(std::string_view pattern);

// Whether a process named COMM matches P (in user space, as the kernel's
// test does: for /proc scans).
bool comm_matches(const CommPattern& p, std::string_view comm);

} // namespace sctrace::targets
