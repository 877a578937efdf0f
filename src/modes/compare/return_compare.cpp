#include "modes/compare/return_compare.h"

#include <algorithm>
#include <array>

#include "decode/errno_names.h"

namespace sctrace::compare {

namespace {

constexpr std::array<std::string_view, 19> kVaryingReturns = {
    "clone",  "clone3",  "fork",    "vfork",  "getpid", "getppid",
    "gettid", "getpgid", "getpgrp", "getsid", "setsid", "set_tid_address",
    "wait4",  "waitid",  "mmap",    "mremap", "brk",    "shmat",
    "time"};

Comparison verdict(bool equal) {
  return {equal ? Verdict::Equal : Verdict::Differ, {}};
}

} // namespace

bool returns_vary(std::string_view syscall) {
  return std::find(kVaryingReturns.begin(), kVaryingReturns.end(), syscall) !=
         kVaryingReturns.end();
}

Comparison compare_return(const StraceCall& strace, const SctraceCall& sc) {
  if (!strace.ret)
    return {Verdict::Ignored, "strace_unfinished"};
  if (sc.unfinished == "running_at_stop" ||
      sc.unfinished == "started_before_trace")
    return {Verdict::Ignored, "sctrace_unfinished"};
  const StraceReturn& r = *strace.ret;
  std::optional<int> strace_errno = r.errno_number;
  if (!r.error.empty())
    strace_errno = decode::errno_from_name(r.error);
  if (r.kind == StraceReturn::Kind::Unknown) {
    if (strace_errno)
      return verdict(sc.return_value && *sc.return_value == -*strace_errno);
    if (!sc.return_value)
      return verdict(true); // both: the call did not return
    return {Verdict::Ignored, "strace_no_return"};
  }
  if (!sc.return_value)
    return verdict(false); // strace saw it return, sctrace did not
  std::int64_t v = *sc.return_value;
  if (r.kind == StraceReturn::Kind::Error)
    return verdict(strace_errno && v == -*strace_errno);
  bool sc_failed = v < 0 && v > -4096 && !sc.error_name.empty();
  if (sc_failed)
    return verdict(false);
  if (returns_vary(strace.syscall))
    return verdict(true);
  return verdict(v == r.value);
}

} // namespace sctrace::compare
