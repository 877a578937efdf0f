// What the machine offers a trace session, resolved once.
//
// Contract:
//  - resolve_environment() checks privileges (root, or CAP_BPF+CAP_PERFMON
//    or CAP_SYS_ADMIN), mounts tracefs when it is not mounted and can be,
//    finds bpftrace (the given path, or bpftrace in PATH) and reads its
//    version without a shell. Each failure says what happened and what to
//    do. Unless this boot's kernel facts are kept (run/kernel_facts.h), it
//    starts parsing the kernel's BTF for the generator
//    (gen::KernelBtf::prefetch) and returns without waiting for it.
//  - A front end resolves it once and hands it to every session it runs;
//    a Session never checks the machine itself, so a test can give it a
//    recorded tracefs tree and a fake bpftrace.
#pragma once

#include <string>

#include "gen/bpftrace_version.h"
#include "util/result.h"

namespace sctrace::engine {

struct Environment {
  std::string bpftrace;         // path of the bpftrace to run
  gen::BpftraceVersion version; // its version
  gen::Dialect dialect;         // what that version's programs must use
  std::string tracefs;          // the mounted tracefs directory
};

Result<Environment> resolve_environment(const std::string& bpftrace = "");

// An environment made of what is known already.
Environment make_environment(std::string bpftrace,
                             const gen::BpftraceVersion& version,
                             std::string tracefs);

} // namespace sctrace::engine
