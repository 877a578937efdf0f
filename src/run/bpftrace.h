// Finding bpftrace and turning its failures into clear errors.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "gen/bpftrace_version.h"
#include "run/version_cache.h"
#include "util/result.h"

namespace sctrace::run {

struct BpftraceInfo {
  std::string path;
  gen::BpftraceVersion version;
};

// How long `bpftrace --version` may take before find_bpftrace gives up.
inline constexpr std::chrono::milliseconds kBpftraceVersionTimeout{10'000};

// Finds bpftrace (the given path, or SCTRACE_BPFTRACE, or PATH, looked up
// with find_executable) and reads its version with
// cached_bpftrace_version(path, kBpftraceVersionTimeout, VersionCache()).
// Errors name the path and say what to do.
Result<BpftraceInfo> find_bpftrace(const std::string& requested = "");

// True when no bpftrace was named (requested, SCTRACE_BPFTRACE) and none is
// in PATH: the case find_bpftrace reports as not installed.
bool bpftrace_absent(const std::string& requested = "");

// The version cache remembers for path (run/version_cache.h), else
// bpftrace_version(path, timeout), remembered when path is an ELF file.
Result<gen::BpftraceVersion>
cached_bpftrace_version(const std::string& path,
                        std::chrono::milliseconds timeout,
                        const VersionCache& cache);

// Runs `path --version` through Process (no shell) and parses what it
// prints. Fails, naming path, when it exits non-zero or dies, prints
// nothing or no version, or does not finish within timeout (it is then
// killed, so the call returns within about timeout).
Result<gen::BpftraceVersion>
bpftrace_version(const std::string& path, std::chrono::milliseconds timeout);

// Checks what sctrace needs before it starts bpftrace: root (or
// CAP_BPF+CAP_PERFMON+CAP_SYS_ADMIN) and a mounted tracefs (mounting it when
// possible). Each failure says what to do.
Result<void> check_environment();

// Maps bpftrace's stderr and how it ended (exit_code, or term_signal when
// non-zero) to an Error that says what happened and what to do. Lines that
// are only noise (RLIMIT_MEMLOCK warnings) are dropped from the message;
// the caller makes stderr_text terminal-safe. program (when known) is the
// program bpftrace ran: a verifier rejection's advice follows from what it
// holds (verifier_advice()).
Error classify_bpftrace_failure(std::string_view stderr_text, int exit_code,
                                int term_signal = 0,
                                std::string_view program = {});

// How a process that has exited ended, for error messages: "exit code 1"
// or "killed by signal 6".
std::string describe_bpftrace_end(const class Process& p);

// What to try when the verifier rejects program: trace fewer processes
// when its predicates compare pid with many (-p), read shorter strings
// when it reads strings (-Z, -s), and always -v to see the program.
std::string verifier_advice(std::string_view program);

// stderr without bpftrace's harmless noise, for verbose output.
std::string filter_bpftrace_stderr(std::string_view stderr_text);

} // namespace sctrace::run
