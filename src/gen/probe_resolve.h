// Resolves a TraceSpec's probe type and target into bpftrace probes and a
// RenderContext for its arguments.
//
// Mapping (x86_64):
//  - p/r with no library and a syscall-looking target (sys_X, SyS_X (old
//    kernels), __x64_sys_X, __se_sys_X, __do_sys_X, sys_enter_X,
//    sys_exit_X) become
//    tracepoint:syscalls:sys_enter_X / sys_exit_X when the kernel has them;
//    argN is the tracepoint's N-th field (after __syscall_nr).
//  - other p/r without a library are kprobes/kretprobes (argN = arg(N-1)),
//    refused where the kernel has no kprobes, with the syscall or
//    tracepoint to use instead (gen/kernel_hints.h).
//  - p/r with a library are uprobes/uretprobes on the resolved library
//    ("c" -> libc, a name -> lib<name>.so in the linker's directories, an
//    executable name -> PATH, or an absolute path).
//  - t:cat:ev is tracepoint:cat:ev; u:bin:probe is usdt:bin:probe, checked
//    against the binary's SDT notes: the probe must exist and argN must be
//    one of its arguments; u::probe is found in the binaries that process
//    PID maps (gen/usdt_resolve.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gen/expr_render.h"
#include "gen/tracefs.h"
#include "spec/trace_spec.h"
#include "util/result.h"

namespace sctrace::gen {

enum class AttachKind { Tracepoint, Kprobe, Uprobe, Usdt };

struct ResolvedProbe {
  AttachKind kind = AttachKind::Tracepoint;
  bool is_return = false;
  std::string entry_probe; // probe that sees the arguments
  std::string exit_probe;  // return probes: probe that sees the return value
  std::string function;    // FUNC column
  bool syscall = false;    // a syscalls:sys_enter_X/sys_exit_X pair
  RenderContext entry;     // arguments as read in the entry probe
};

// The syscall name a target refers to ("__x64_sys_openat" -> "openat"), or
// empty when the target does not look like a syscall.
std::string syscall_name_of(std::string_view target);

// PID is the traced process (-p), where u::PROBE is looked for.
Result<ResolvedProbe> resolve_probe(const spec::TraceSpec& spec,
                                    const KernelCatalog& catalog,
                                    std::optional<std::int64_t> pid = {});

// Finds a library or executable for uprobes/USDT (see above).
Result<std::string> resolve_library(std::string_view name);

} // namespace sctrace::gen
