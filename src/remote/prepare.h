// A remote trace.py program made ready to run: its probe resolved on this
// kernel, the remote policy checked (policy.h) and, when it gives no
// format, the default action added (default_action.h).
//
// Contract: prepare_plan never throws and runs nothing. Errors say what
// was refused and why: NotFound or Unsupported from probe resolution (an
// unknown syscall, kprobes missing), Permission from the policy, Invalid
// when the program with its default action cannot be generated.
#pragma once

#include "gen/bpftrace_version.h"
#include "gen/tracefs.h"
#include "remote/policy.h"
#include "spec/session_options.h"

namespace sctrace::remote {

Result<spec::TracePlan> prepare_plan(spec::TracePlan plan,
                                     const RemotePolicy& policy,
                                     const gen::KernelCatalog& catalog,
                                     const gen::BpftraceVersion& version);

} // namespace sctrace::remote
