// What a remote client (sctrace serve, sctrace request, sctrace mcp) may
// trace. The operator widens it with command-line options; a program the
// policy refuses gets a per-program error that names the option.
//
// Contract of check_policy(spec, probe):
//  - syscall and tracepoint probes always pass the kind check; uprobes,
//    uretprobes and USDT only with allow_uprobes; kprobes on kernel
//    functions that are not syscalls only with allow_kernel_functions;
//  - no format argument or filter may read memory at a computed address:
//    every string read (a %s argument, argN@user, a comparison with a
//    string literal, STRCMP's operand) must be a bare argN or args->field
//    that the probe declares a char pointer (with allow_uprobes or
//    allow_kernel_functions, where arguments have no types, any bare argN
//    too). Integer reads of arguments never dereference and always pass.
// It never throws; errors are ErrorKind::Permission with the reason.
#pragma once

#include "gen/probe_resolve.h"
#include "spec/trace_spec.h"
#include "util/result.h"

namespace sctrace::remote {

struct RemotePolicy {
  bool allow_uprobes = false;          // --allow-uprobes
  bool allow_kernel_functions = false; // --allow-kernel-functions
};

Result<void> check_policy(const spec::TraceSpec& spec,
                          const gen::ResolvedProbe& probe,
                          const RemotePolicy& policy);

// The kind check of uprobes, uretprobes and USDT from the spec alone, so
// they are refused before their binary is resolved or read: a client the
// policy keeps from them learns nothing of the server's files.
Result<void> check_user_probe(const spec::TraceSpec& spec,
                              const RemotePolicy& policy);

} // namespace sctrace::remote
