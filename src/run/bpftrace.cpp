#include "run/bpftrace.h"

#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "gen/tracefs.h"
#include "run/process.h"
#include "util/strings.h"

namespace sctrace::run {

namespace {

bool contains(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

bool is_noise(std::string_view line) {
  return line.empty() || contains(line, "RLIMIT_MEMLOCK") ||
         contains(line, "ulimit -l");
}

constexpr int kCapSysAdmin = 21, kCapPerfmon = 38, kCapBpf = 39;

// This process's effective capability set (CapEff in /proc/self/status).
std::uint64_t effective_capabilities() {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (!f)
    return ~0ULL; // unknown: let bpftrace tell
  char line[256];
  std::uint64_t eff = ~0ULL;
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, "CapEff:", 7) == 0)
      eff = std::strtoull(line + 7, nullptr, 16);
  std::fclose(f);
  return eff;
}

} // namespace

Result<BpftraceInfo> find_bpftrace(const std::string& requested) {
  std::string name = requested;
  if (name.empty()) {
    const char* env = std::getenv("SCTRACE_BPFTRACE");
    name = env && *env ? env : "bpftrace";
  }
  auto path = find_executable(name);
  if (!path.ok())
    return make_error(ErrorKind::Unsupported,
                      "bpftrace is not installed (" + path.error().message +
                          "); install it with `apt-get install bpftrace` or "
                          "point SCTRACE_BPFTRACE at it");
  std::string cmd = "'" + *path + "' --version 2>&1";
  if (path->find('\'') != std::string::npos)
    return make_error(ErrorKind::Invalid, "bpftrace path contains a quote");
  FILE* f = ::popen(cmd.c_str(), "r");
  if (!f)
    return make_error(ErrorKind::System, "cannot run " + *path + " --version");
  std::array<char, 256> buf{};
  std::string out;
  while (std::fgets(buf.data(), buf.size(), f))
    out += buf.data();
  ::pclose(f);
  SCTRACE_TRY_ASSIGN(version, gen::parse_bpftrace_version(util::trim(out)));
  return BpftraceInfo{*path, version};
}

Result<void> check_environment() {
  if (::geteuid() != 0) {
    return make_error(
        ErrorKind::Permission,
        "sctrace needs root to load BPF programs (it runs as uid " +
            std::to_string(::geteuid()) +
            "); run it with sudo, or use --dry-run to only "
            "print the program");
  }
  // Root without the capabilities (a confined container, setpriv or capsh
  // dropped them): bpftrace would fail in misleading ways (no BTF, maps
  // not allowed), so say so before starting it.
  std::uint64_t eff = effective_capabilities();
  auto has = [&](int cap) { return (eff >> cap) & 1; };
  if (!has(kCapSysAdmin) && !(has(kCapBpf) && has(kCapPerfmon))) {
    char hex[32];
    std::snprintf(hex, sizeof hex, "%#llx",
                  static_cast<unsigned long long>(eff));
    return make_error(
        ErrorKind::Permission,
        std::string("sctrace runs as root but without the capabilities BPF "
                    "tracing needs (CAP_BPF and CAP_PERFMON, or "
                    "CAP_SYS_ADMIN; its effective set is ") +
            hex +
            ", as in a confined container or under setpriv/capsh); run it "
            "with them (e.g. docker run --cap-add SYS_ADMIN --cap-add BPF "
            "--cap-add PERFMON)");
  }
  SCTRACE_TRY_ASSIGN(dir, gen::ensure_tracefs());
  (void)dir;
  return Ok{};
}

std::string filter_bpftrace_stderr(std::string_view text) {
  std::vector<std::string> kept;
  for (const auto& line : util::split(text, '\n'))
    if (!is_noise(util::trim(line)))
      kept.push_back(line);
  return util::join(kept, "\n");
}

Error classify_bpftrace_failure(std::string_view text, int exit_code) {
  std::string detail = filter_bpftrace_stderr(text);
  std::string tail = detail.empty() ? "" : "\nbpftrace said:\n" + detail;
  if (contains(text, "only supports running as the root user") ||
      contains(text, "Operation not permitted"))
    return make_error(ErrorKind::Permission,
                      "bpftrace was not allowed to load BPF programs; run "
                      "sctrace as root (with CAP_BPF, CAP_PERFMON and "
                      "CAP_SYS_ADMIN)" +
                          tail);
  if (contains(text, "kprobe_events") || contains(text, "kprobe:"))
    return make_error(ErrorKind::Unsupported,
                      "kprobes are not available on this kernel "
                      "(CONFIG_KPROBES is off); trace syscalls through their "
                      "tracepoints instead (sys_NAME or "
                      "t:syscalls:sys_enter_NAME)" +
                          tail);
  if (contains(text, "tracefs") || contains(text, "/sys/kernel/debug/tracing"))
    return make_error(ErrorKind::System,
                      "bpftrace could not use tracefs; mount it with `mount -t "
                      "tracefs tracefs /sys/kernel/tracing`" +
                          tail);
  if (contains(text, "BPF stack limit"))
    return make_error(
        ErrorKind::Invalid,
        "the program does not fit the 512-byte BPF stack, so bpftrace could "
        "not compile it: the strings of one probe (its %s arguments and the "
        "strings its filter compares) take too much room; read shorter "
        "strings (-Z, e.g. -Z 40), or use fewer of them per probe" +
            tail);
  if (contains(text, "verifier") || contains(text, "Error loading program"))
    return make_error(ErrorKind::Child,
                      "the kernel's BPF verifier rejected the program; try "
                      "fewer or shorter string arguments (-Z), or run with -v "
                      "to see the program" +
                          tail);
  if (contains(text, "No probes to attach") || contains(text, "not found") ||
      contains(text, "Could not resolve symbol") ||
      contains(text, "does not exist") || contains(text, "No such file"))
    return make_error(ErrorKind::NotFound,
                      "bpftrace could not find a probe to attach; check the "
                      "function, library or tracepoint name" +
                          tail);
  return make_error(ErrorKind::Child, "bpftrace failed (exit code " +
                                          std::to_string(exit_code) + ")" +
                                          tail);
}

} // namespace sctrace::run
