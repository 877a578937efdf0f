// What this machine can trace, for GET /v1/capabilities of the remote API.
//
// Contract:
//  - read_machine_facts() is the only part that looks at the machine. It
//    reuses the project's detectors: run::check_environment() for root and
//    the BPF capabilities (it mounts tracefs when it can, as
//    engine::resolve_environment does), gen::find_tracefs() for tracefs and
//    run::find_bpftrace() for bpftrace's path and version (which runs
//    `bpftrace --version`, bounded by run::kBpftraceVersionTimeout). It
//    never fails: what it cannot learn is recorded as missing, with why.
//  - probe_capabilities() is a function of the facts and of the tracefs
//    directory they name (read through gen::TracefsCatalog, so a test can
//    point it at a recorded tree such as tests/data/tracefs).
//  - Every check that fails carries a reason that says what is missing,
//    why, and what to do (or what sctrace does instead).
//  - probe_kinds lists the trace.py probe kinds the kernel offers (in the
//    order syscall, tracepoint, kprobe, kretprobe, uprobe, uretprobe,
//    usdt); none without the bpf() syscall or tracefs. Root and bpftrace
//    are reported by their checks, not folded into probe_kinds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/environment.h"
#include "run/bpftrace.h"

namespace sctrace::remote {

// One capability: available, or the reason it is not.
struct Check {
  bool available = false;
  std::string reason; // empty when available
  bool operator==(const Check&) const = default;
};

// Everything probe_capabilities() decides from.
struct MachineFacts {
  std::string kernel_release; // uname -r
  // The bpf() syscall exists (CONFIG_BPF_SYSCALL): its sysctl
  // /proc/sys/kernel/unprivileged_bpf_disabled does.
  bool bpf_syscall = false;
  bool btf = false;             // /sys/kernel/btf/vmlinux exists
  bool debugfs_mounted = false; // a debugfs is mounted on /sys/kernel/debug
  // Why sctrace may not load BPF programs (run::check_environment()'s
  // Permission error); nullopt when it may.
  std::optional<std::string> privileges_error;
  std::string tracefs;       // the mounted tracefs directory; "" when none
  std::string tracefs_error; // why there is none (when tracefs is "")
  std::optional<run::BpftraceInfo> bpftrace; // nullopt: bpftrace_error
  std::string bpftrace_error;
};

struct Capabilities {
  // (name, check) in a fixed order: kernel_ebpf, bpftrace, root_access,
  // debugfs_access, tracefs, syscall_tracepoints, btf, kprobes, uprobes.
  std::vector<std::pair<std::string, Check>> checks;
  std::optional<run::BpftraceInfo> bpftrace;
  std::string kernel_release;
  std::vector<std::string> probe_kinds;
  // The check of that name; a default (unavailable) Check when unknown.
  Check check(const std::string& name) const;
};

// Reads the real machine (see the contract above). bpftrace is passed to
// run::find_bpftrace ("" looks in SCTRACE_BPFTRACE, then PATH).
MachineFacts read_machine_facts(const std::string& bpftrace = "");

// facts with the bpftrace and tracefs of an environment a front end has
// resolved already, so `bpftrace --version` does not run again.
MachineFacts with_environment(MachineFacts facts,
                              const engine::Environment& env);

Capabilities probe_capabilities(const MachineFacts& facts);

// {"checks": {NAME: {"available": bool[, "reason": TEXT]}, ...},
//  "bpftrace": {"path", "version"} or null, "kernel": {"release"},
//  "probe_kinds": [...]}.
nlohmann::json capabilities_json(const Capabilities& caps);

} // namespace sctrace::remote
