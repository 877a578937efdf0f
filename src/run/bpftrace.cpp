#include "run/bpftrace.h"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

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

// Reads stdout and stderr of p until both reach EOF. False when the
// deadline passes first.
bool drain_output(Process& p, std::string& out, std::string& err,
                  std::chrono::steady_clock::time_point deadline) {
  std::array<pollfd, 2> fds{
      {{p.stdout_fd(), POLLIN, 0}, {p.stderr_fd(), POLLIN, 0}}};
  std::array<std::string*, 2> sinks{&out, &err};
  std::array<char, 4096> buf{};
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      return false;
    int r = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (r < 0 && errno != EINTR)
      return false;
    for (std::size_t i = 0; r > 0 && i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0)
        continue;
      ssize_t n = ::read(fds[i].fd, buf.data(), buf.size());
      if (n > 0 && sinks[i]->size() < 65536)
        sinks[i]->append(buf.data(), static_cast<std::size_t>(n));
      else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
        fds[i].fd = -1; // EOF (or a broken pipe): stop polling it
    }
  }
  return true;
}

// Below this open-file limit bpftrace cannot load even a small program
// (one fd per probe and per CPU, plus maps and its own files).
constexpr rlim_t kLowOpenFileLimit = 128;

bool open_file_limit_is_low() {
  rlimit lim{};
  return ::getrlimit(RLIMIT_NOFILE, &lim) == 0 &&
         lim.rlim_cur < kLowOpenFileLimit;
}

// "10 s", or "250 ms" for a bound that is not whole seconds.
std::string format_timeout(std::chrono::milliseconds t) {
  if (t.count() % 1000 == 0)
    return std::to_string(t.count() / 1000) + " s";
  return std::to_string(t.count()) + " ms";
}

// How `PATH --version` ended, for error messages: "exited with code 1" or
// "was killed by signal 9".
std::string describe_exit(const Process& p) {
  if (p.term_signal())
    return "was killed by signal " + std::to_string(*p.term_signal());
  return "exited with code " + std::to_string(p.exit_code().value_or(-1));
}

// Runs `path --version` without a shell and returns its stdout. Kills it
// and fails when it does not finish within timeout; fails when it exits
// non-zero, dies of a signal or prints nothing on stdout.
Result<std::string> run_version_command(const std::string& path,
                                        std::chrono::milliseconds timeout) {
  SpawnOptions o;
  o.argv = {path, "--version"};
  o.capture_stdout = o.capture_stderr = true;
  o.death_signal = SIGKILL;
  auto spawned = Process::spawn(o);
  if (!spawned.ok())
    return make_error(spawned.error().kind, "cannot run '" + path +
                                                " --version' to read its "
                                                "version: " +
                                                spawned.error().message);
  Process p = std::move(*spawned);
  if (auto r = p.release(); !r.ok())
    return make_error(ErrorKind::Child,
                      "cannot run '" + path + " --version' (" +
                          r.error().message + "); check that " + path +
                          " is an executable bpftrace");
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string out, err;
  bool drained = drain_output(p, out, err, deadline);
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  // A child that closed its output exits at once: allow it 100 ms more.
  auto exited = p.wait(std::max<int>(100, static_cast<int>(left.count())));
  if (!drained || !exited.ok() || !*exited) {
    (void)p.signal(SIGKILL);
    (void)p.wait(std::nullopt);
    return make_error(
        ErrorKind::Child,
        "'" + path + " --version' did not finish within " +
            format_timeout(timeout) + ", so sctrace killed it; check that " +
            path +
            " is bpftrace and runs (a wrapper such as scripts/compat-chroot's "
            "needs its chroot), or point --bpftrace or SCTRACE_BPFTRACE at "
            "a working bpftrace");
  }
  if (p.exit_code() != 0) {
    std::string said(util::trim(err));
    return make_error(ErrorKind::Child,
                      "'" + path + " --version' " + describe_exit(p) + ", so " +
                          path +
                          " is not a working bpftrace; reinstall it or point "
                          "--bpftrace or SCTRACE_BPFTRACE at another" +
                          (said.empty() ? "" : "\nit said:\n" + said));
  }
  if (util::trim(out).empty())
    return make_error(ErrorKind::Unsupported,
                      "'" + path +
                          " --version' printed nothing (expected a "
                          "line like 'bpftrace v0.17.0'); check "
                          "that " +
                          path + " is bpftrace");
  return out;
}

// The bpftrace asked for: REQUESTED (--bpftrace), else SCTRACE_BPFTRACE,
// else "bpftrace" from PATH (origin empty: nobody named it).
struct Requested {
  std::string name, origin;
};

Requested requested_bpftrace(const std::string& requested) {
  if (!requested.empty())
    return {requested, "--bpftrace"};
  const char* env = std::getenv("SCTRACE_BPFTRACE");
  if (env && *env)
    return {env, "SCTRACE_BPFTRACE"};
  return {"bpftrace", ""};
}

} // namespace

bool bpftrace_absent(const std::string& requested) {
  Requested r = requested_bpftrace(requested);
  return r.origin.empty() && !find_executable(r.name).ok();
}

Result<BpftraceInfo> find_bpftrace(const std::string& requested) {
  auto [name, origin] = requested_bpftrace(requested);
  auto path = find_executable(name);
  if (!path.ok() && origin.empty())
    return make_error(ErrorKind::Unsupported,
                      "bpftrace is not installed (" + path.error().message +
                          "); install it with `apt-get install bpftrace` or "
                          "point SCTRACE_BPFTRACE at it");
  if (!path.ok())
    return make_error(ErrorKind::NotFound,
                      "cannot use the bpftrace given by " + origin + " (" +
                          path.error().message +
                          "); give the path of an executable bpftrace");
  SCTRACE_TRY_ASSIGN(
      version,
      cached_bpftrace_version(*path, kBpftraceVersionTimeout, VersionCache()));
  return BpftraceInfo{*path, version};
}

Result<gen::BpftraceVersion>
cached_bpftrace_version(const std::string& path,
                        std::chrono::milliseconds timeout,
                        const VersionCache& cache) {
  // The key is taken before the run: a file replaced meanwhile then keeps
  // the old key, which the new file does not match.
  auto key = executable_key(path);
  if (key)
    if (auto known = cache.lookup(*key))
      return *known;
  SCTRACE_TRY_ASSIGN(version, bpftrace_version(path, timeout));
  if (key)
    cache.store(*key, version);
  return version;
}

Result<gen::BpftraceVersion>
bpftrace_version(const std::string& path, std::chrono::milliseconds timeout) {
  auto out = run_version_command(path, timeout);
  if (!out.ok())
    return out.error();
  std::string text(util::trim(*out));
  auto version = gen::parse_bpftrace_version(text);
  if (!version.ok())
    return make_error(ErrorKind::Unsupported,
                      "'" + path + " --version' printed '" + text +
                          "', which is not a bpftrace version (expected a "
                          "line like 'bpftrace v0.17.0'); check that " +
                          path + " is bpftrace");
  return version;
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

namespace {

std::size_t count_of(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size()))
    ++n;
  return n;
}

} // namespace

std::string verifier_advice(std::string_view program) {
  // A few pid tests are the session's own exclusions; many are -p's list.
  constexpr std::size_t kManyPidTests = 8;
  std::size_t pids = count_of(program, "pid == ");
  std::string advice;
  if (pids > kManyPidTests)
    advice = "its filters compare the process id with " + std::to_string(pids) +
             " values (-p): trace fewer processes, or select them with "
             "--comm, --container or --cgroup; ";
  else if (program.empty() || contains(program, "str("))
    advice = "try fewer or shorter string arguments (-Z in the trace.py "
             "mode, -s in syscalls and slow); ";
  return advice + "run with -v to see the program";
}

std::string describe_bpftrace_end(const Process& p) {
  return p.term_signal()
             ? describe_signal(*p.term_signal())
             : "exit code " + std::to_string(p.exit_code().value_or(-1));
}

namespace {

// A failure recognised by a phrase of bpftrace's stderr, and what to do.
struct KnownFailure {
  std::initializer_list<std::string_view> phrases;
  ErrorKind kind;
  std::string_view advice;
};

// Checked in order, before the file descriptor limit is considered.
const KnownFailure kKnownFailures[] = {
    {{"only supports running as the root user", "Operation not permitted"},
     ErrorKind::Permission,
     "bpftrace was not allowed to load BPF programs; run sctrace as root "
     "(with CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN)"},
    {{"kprobe_events", "kprobe:"},
     ErrorKind::Unsupported,
     "kprobes are not available on this kernel (CONFIG_KPROBES is off); "
     "trace syscalls through their tracepoints instead (sys_NAME or "
     "t:syscalls:sys_enter_NAME)"},
    {{"tracefs", "/sys/kernel/debug/tracing"},
     ErrorKind::System,
     "bpftrace could not use tracefs; mount it with `mount -t tracefs "
     "tracefs /sys/kernel/tracing`"},
    {{"BPF stack limit"},
     ErrorKind::Invalid,
     "the program does not fit the 512-byte BPF stack, so bpftrace could not "
     "compile it: the strings of one probe (its %s arguments and the strings "
     "its filter compares) take too much room; read shorter strings (-Z, "
     "e.g. -Z 40), or use fewer of them per probe"},
    {{"Argument list too long"},
     ErrorKind::Unsupported,
     "a probe could not attach because its tracepoint or uprobe already runs "
     "the kernel's limit of 64 BPF programs (BPF_TRACE_MAX_PROGS), other "
     "tools' included, so no command was started; `bpftool perf show` lists "
     "who holds them: stop some, or trace with fewer probes on that point"},
};

// Checked after the verifier: their phrases are also in other failures.
const KnownFailure kNotFound = {
    {"No probes to attach", "not found", "Could not resolve symbol",
     "does not exist", "No such file"},
    ErrorKind::NotFound,
    "bpftrace could not find a probe to attach; check the function, library "
    "or tracepoint name"};

bool matches(std::string_view text, const KnownFailure& f) {
  for (std::string_view phrase : f.phrases)
    if (contains(text, phrase))
      return true;
  return false;
}

Error known_error(const KnownFailure& f, const std::string& tail) {
  return make_error(f.kind, std::string(f.advice) + tail);
}

} // namespace

Error classify_bpftrace_failure(std::string_view text, int exit_code,
                                int term_signal, std::string_view program) {
  std::string detail = filter_bpftrace_stderr(text);
  std::string tail = detail.empty() ? "" : "\nbpftrace said:\n" + detail;
  std::string how = term_signal ? describe_signal(term_signal)
                                : "exit code " + std::to_string(exit_code);
  if (contains(text, "Too many open files"))
    return make_error(ErrorKind::Unsupported,
                      "bpftrace failed (" + how +
                          ") because it ran out of file descriptors: " +
                          open_file_limit_advice() + tail);
  for (const KnownFailure& f : kKnownFailures)
    if (matches(text, f))
      return known_error(f, tail);
  // bpftrace 0.23 reports a BPF object it could not load for want of fds
  // only as "Error loading BPF program".
  if (open_file_limit_is_low())
    return make_error(ErrorKind::Unsupported,
                      "bpftrace failed (" + how +
                          "), probably because it ran out of file "
                          "descriptors: " +
                          open_file_limit_advice() + tail);
  if (contains(text, "verifier") || contains(text, "Error loading program"))
    return make_error(ErrorKind::Child,
                      "the kernel's BPF verifier rejected the program; " +
                          verifier_advice(program) + tail);
  if (matches(text, kNotFound))
    return known_error(kNotFound, tail);
  return make_error(ErrorKind::Child, "bpftrace failed (" + how + ")" + tail);
}

} // namespace sctrace::run
