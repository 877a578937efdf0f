// Finding bpftrace and turning its failures into clear errors.
#pragma once

#include <string>
#include <string_view>

#include "gen/bpftrace_version.h"
#include "util/result.h"

namespace sctrace::run {

struct BpftraceInfo {
  std::string path;
  gen::BpftraceVersion version;
};

// Finds bpftrace (the given path, or SCTRACE_BPFTRACE, or PATH) and reads
// its version with `bpftrace --version`.
Result<BpftraceInfo> find_bpftrace(const std::string& requested = "");

// Checks what sctrace needs before it starts bpftrace: root (or
// CAP_BPF+CAP_PERFMON+CAP_SYS_ADMIN) and a mounted tracefs (mounting it when
// possible). Each failure says what to do.
Result<void> check_environment();

// Maps bpftrace's stderr and exit status to an Error that says what
// happened and what to do. Lines that are only noise (RLIMIT_MEMLOCK
// warnings) are dropped from the message.
Error classify_bpftrace_failure(std::string_view stderr_text, int exit_code);

// stderr without bpftrace's harmless noise, for verbose output.
std::string filter_bpftrace_stderr(std::string_view stderr_text);

} // namespace sctrace::run
