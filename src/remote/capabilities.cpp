#include "remote/capabilities.h"

#include <sys/utsname.h>

#include <filesystem>
#include <fstream>

#include "gen/tracefs.h"

namespace fs = std::filesystem;

namespace sctrace::remote {

namespace {

constexpr const char* kBpfSysctl = "/proc/sys/kernel/unprivileged_bpf_disabled";
constexpr const char* kBtf = "/sys/kernel/btf/vmlinux";
constexpr const char* kDebugfs = "/sys/kernel/debug";
constexpr const char* kTracefsMount =
    "mount it with `mount -t tracefs tracefs /sys/kernel/tracing` (as root)";

bool path_exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

// Whether /proc/mounts lists a debugfs on /sys/kernel/debug.
bool debugfs_mounted() {
  std::ifstream in("/proc/mounts");
  std::string device, dir, type, rest;
  while (in >> device >> dir >> type && std::getline(in, rest))
    if (dir == kDebugfs && type == "debugfs")
      return true;
  return false;
}

std::string kernel_release() {
  utsname u{};
  return ::uname(&u) == 0 ? std::string(u.release) : std::string();
}

Check yes() {
  return Check{true, {}};
}
Check no(std::string reason) {
  return Check{false, std::move(reason)};
}

Check kernel_ebpf_check(const MachineFacts& f) {
  if (f.bpf_syscall)
    return yes();
  return no(std::string("the kernel has no bpf() syscall (CONFIG_BPF_SYSCALL "
                        "is off): ") +
            kBpfSysctl +
            " is missing; eBPF tracing needs a kernel built with "
            "CONFIG_BPF_SYSCALL and CONFIG_BPF_EVENTS");
}

Check bpftrace_check(const MachineFacts& f) {
  if (f.bpftrace)
    return yes();
  return no(f.bpftrace_error.empty()
                ? "bpftrace was not found; install it with `apt-get install "
                  "bpftrace` or point SCTRACE_BPFTRACE at it"
                : f.bpftrace_error);
}

Check root_check(const MachineFacts& f) {
  return f.privileges_error ? no(*f.privileges_error) : yes();
}

Check debugfs_check(const MachineFacts& f) {
  if (f.debugfs_mounted)
    return yes();
  return no(std::string("no debugfs is mounted on ") + kDebugfs +
            "; sctrace does not need it (it uses tracefs), but tools that "
            "read /sys/kernel/debug/tracing do: mount it with `mount -t "
            "debugfs debugfs " +
            kDebugfs + "` (as root)");
}

Check tracefs_check(const MachineFacts& f) {
  if (!f.tracefs.empty())
    return yes();
  if (!f.tracefs_error.empty())
    return no(f.tracefs_error);
  return no(std::string("tracefs is not mounted (neither /sys/kernel/tracing "
                        "nor /sys/kernel/debug/tracing has events/), so no "
                        "probe can be resolved; ") +
            kTracefsMount);
}

Check btf_check(const MachineFacts& f) {
  if (f.btf)
    return yes();
  return no(std::string(kBtf) +
            " is missing (the kernel is built without CONFIG_DEBUG_INFO_BTF): "
            "bpftrace cannot use kernel types (kfunc probes, BTF casts); "
            "syscall, tracepoint and uprobe tracing work without it");
}

// A check that needs tracefs: its reason when tracefs is missing.
Check needs_tracefs(const char* what) {
  return no(std::string("cannot tell whether the kernel has ") + what +
            " because tracefs is not mounted; " + kTracefsMount);
}

Check syscall_tracepoints_check(const MachineFacts& f,
                                const gen::TracefsCatalog& catalog) {
  if (f.tracefs.empty())
    return needs_tracefs("syscall tracepoints");
  if (!catalog.events("syscalls").empty())
    return yes();
  return no(f.tracefs +
            "/events/syscalls is missing (CONFIG_FTRACE_SYSCALLS is off): "
            "syscalls cannot be traced by name; trace other tracepoints "
            "(t:CATEGORY:EVENT) or use a kernel built with "
            "CONFIG_FTRACE_SYSCALLS");
}

Check kprobes_check(const MachineFacts& f, const gen::TracefsCatalog& catalog) {
  if (f.tracefs.empty())
    return needs_tracefs("kprobes");
  if (catalog.kprobes_available())
    return yes();
  return no("the kernel has no kprobes (CONFIG_KPROBES is off): " + f.tracefs +
            "/kprobe_events is missing; syscall targets (sys_NAME) are "
            "traced with tracepoints instead, and other kernel functions "
            "cannot be traced: use tracepoints (t:CATEGORY:EVENT)");
}

Check uprobes_check(const MachineFacts& f) {
  if (f.tracefs.empty())
    return needs_tracefs("uprobes");
  if (path_exists(fs::path(f.tracefs) / "uprobe_events"))
    return yes();
  return no(
      "the kernel has no uprobes (CONFIG_UPROBE_EVENTS is off): " + f.tracefs +
      "/uprobe_events is missing; user-space functions (p:LIB:FUNC, "
      "r:LIB:FUNC) and USDT probes (u:BIN:PROBE) cannot be traced: "
      "trace the syscalls they make instead");
}

// The probe kinds the checks allow, in the header's order.
std::vector<std::string> probe_kinds(const Capabilities& caps) {
  std::vector<std::string> kinds;
  if (!caps.check("kernel_ebpf").available || !caps.check("tracefs").available)
    return kinds;
  if (caps.check("syscall_tracepoints").available)
    kinds.push_back("syscall");
  kinds.push_back("tracepoint");
  if (caps.check("kprobes").available)
    kinds.insert(kinds.end(), {"kprobe", "kretprobe"});
  if (caps.check("uprobes").available)
    kinds.insert(kinds.end(), {"uprobe", "uretprobe", "usdt"});
  return kinds;
}

} // namespace

Check Capabilities::check(const std::string& name) const {
  for (const auto& [n, c] : checks)
    if (n == name)
      return c;
  return Check{};
}

MachineFacts read_machine_facts(const std::string& bpftrace) {
  MachineFacts f;
  f.kernel_release = kernel_release();
  f.bpf_syscall = path_exists(kBpfSysctl);
  f.btf = path_exists(kBtf);
  f.debugfs_mounted = debugfs_mounted();
  // Root and capabilities first; then tracefs (which it mounts if it can).
  if (auto env = run::check_environment(); !env.ok()) {
    if (env.error().kind == ErrorKind::Permission)
      f.privileges_error = env.error().message;
    else
      f.tracefs_error = env.error().message;
  }
  if (auto dir = gen::find_tracefs())
    f.tracefs = *dir;
  if (auto info = run::find_bpftrace(bpftrace); info.ok())
    f.bpftrace = *info;
  else
    f.bpftrace_error = info.error().message;
  return f;
}

MachineFacts with_environment(MachineFacts facts,
                              const engine::Environment& env) {
  facts.bpftrace = run::BpftraceInfo{env.bpftrace, env.version};
  facts.bpftrace_error.clear();
  if (!env.tracefs.empty()) {
    facts.tracefs = env.tracefs;
    facts.tracefs_error.clear();
  }
  return facts;
}

Capabilities probe_capabilities(const MachineFacts& facts) {
  gen::TracefsCatalog catalog(facts.tracefs);
  Capabilities caps;
  caps.kernel_release = facts.kernel_release;
  caps.bpftrace = facts.bpftrace;
  caps.checks = {
      {"kernel_ebpf", kernel_ebpf_check(facts)},
      {"bpftrace", bpftrace_check(facts)},
      {"root_access", root_check(facts)},
      {"debugfs_access", debugfs_check(facts)},
      {"tracefs", tracefs_check(facts)},
      {"syscall_tracepoints", syscall_tracepoints_check(facts, catalog)},
      {"btf", btf_check(facts)},
      {"kprobes", kprobes_check(facts, catalog)},
      {"uprobes", uprobes_check(facts)},
  };
  caps.probe_kinds = probe_kinds(caps);
  return caps;
}

nlohmann::json capabilities_json(const Capabilities& caps) {
  nlohmann::json checks = nlohmann::json::object();
  for (const auto& [name, c] : caps.checks) {
    nlohmann::json j = {{"available", c.available}};
    if (!c.available)
      j["reason"] = c.reason;
    checks[name] = std::move(j);
  }
  nlohmann::json bpftrace = nullptr;
  if (caps.bpftrace)
    bpftrace = {{"path", caps.bpftrace->path},
                {"version", caps.bpftrace->version.text()}};
  return {{"checks", std::move(checks)},
          {"bpftrace", std::move(bpftrace)},
          {"kernel", {{"release", caps.kernel_release}}},
          {"probe_kinds", caps.probe_kinds}};
}

} // namespace sctrace::remote
