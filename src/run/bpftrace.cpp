#include "run/bpftrace.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>

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
  if (contains(text, "verifier") || contains(text, "Error loading program") ||
      contains(text, "BPF stack limit"))
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
