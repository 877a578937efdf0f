// The probes of a generated bpftrace program, for explain_program.
//
// Contract: program_probes(text) lists, in order and each once, every
// probe a probe block of text attaches to ("tracepoint:syscalls:
// sys_enter_openat", "BEGIN", "interval:s:1", ...): the comma-separated
// names before a block's "{" or "/" predicate, at the start of a line
// outside any block. Comments and string literals are not probes. Never
// throws.
#pragma once

#include <string>
#include <vector>

namespace sctrace::tools {

std::vector<std::string> program_probes(const std::string& text);

} // namespace sctrace::tools
