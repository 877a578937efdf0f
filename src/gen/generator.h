// Turns TraceSpecs into one bpftrace program plus the layout its output
// follows (gen/layout.h).
//
// Contract:
//  - Pure: reads the kernel only through the KernelCatalog it is given.
//  - Every spec is validated (spec::validate) and its expressions' trees
//    (parsed once, where the spec was made) rendered; user text reaches
//    the program only through
//    gen/expr_render.h's escaping, and probe names are checked against a
//    conservative character set, so no spec can inject bpftrace code.
//  - Format strings never enter the program: messages are formatted in user
//    space from the values in the layout.
//  - The program never needs --unsafe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gen/bpftrace_version.h"
#include "gen/layout.h"
#include "gen/tracefs.h"
#include "spec/session_options.h"
#include "spec/trace_spec.h"
#include "util/result.h"

namespace sctrace::gen {

struct GenOptions {
  BpftraceVersion version;
  // Processes whose events are never reported (sctrace itself, bpftrace).
  std::vector<std::int64_t> exclude_pids;
  // The process whose getcpu() calls emit drain markers; 0 = no markers.
  std::int64_t marker_pid = 0;
  // The session's marker token: the marker probe answers only getcpu()
  // calls whose unused third argument carries it in its upper 32 bits (the
  // lower 32 are the drain round), so sessions in one process each see
  // only their own markers.
  std::uint32_t marker_token = 0;
  // Trace only this process and its descendants (`-- CMD`).
  std::optional<std::int64_t> follow_root;
  // -Z: the characters one %s shows (str() gets one byte more, for the
  // NUL), 1 to the version's largest str() size - 1; 0 picks the largest
  // size the probes fit.
  int string_size = 0;
  // -B: STRCMP("{0x6C,0x00}", ...) compares bytes (gen/binary_literal.h).
  bool binary_strcmp = false;
};

struct GeneratedProgram {
  std::string text;
  ProgramLayout layout;
  int string_size = 0;
  // Environment bpftrace must run with (e.g. BPFTRACE_STRLEN=...).
  std::vector<std::pair<std::string, std::string>> env;
};

// SESSION's scope (pid, tid, uid, comm, cgroup) and stacks apply to every
// probe; it is validated here too.
Result<GeneratedProgram> generate(const std::vector<spec::TraceSpec>& specs,
                                  const KernelCatalog& catalog,
                                  const GenOptions& options,
                                  const spec::SessionOptions& session = {});

} // namespace sctrace::gen
