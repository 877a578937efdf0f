#include "modes/compare/features.h"

#include <cstdio>

namespace sctrace::compare {

namespace {

std::string count_text(std::uint64_t n, const char* what) {
  return std::to_string(n) + " " + what;
}

// "strace slowed the target 5.2x, sctrace 1.03x (read/write calls per
// second against the untraced window)", or "" without windows.
std::string slowdown_text(const CompareResult& r) {
  const Rate* base = nullptr;
  const Rate *strace = nullptr, *sctrace = nullptr;
  for (const auto& w : r.windows) {
    if (w.window == "untraced")
      base = &w;
    if (w.window == "strace")
      strace = &w;
    if (w.window == "sctrace")
      sctrace = &w;
  }
  if (!base || !strace || !sctrace || !base->has_calls())
    return "";
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "here strace slowed the target %.2fx, sctrace %.2fx "
                "(read/write calls per second against the untraced window)",
                slowdown(*base, *strace), slowdown(*base, *sctrace));
  return buf;
}

std::vector<Feature> strace_only(const CompareResult& r) {
  return {
      {"buffers",
       "decodes buffers and structs (read/write data, stat, iovec, ...); "
       "sctrace records their pointers",
       count_text(r.diff.arguments_ignored,
                  "arguments here that only strace decoded")},
      {"signals", "shows signals delivered to the target (--- SIG... ---)",
       r.attached() || r.strace_signals > 0
           ? count_text(r.strace_signals, "signal lines in strace's log")
           : ""},
      {"inject", "injects faults, delays and return values (-e inject=)", ""},
  };
}

std::vector<Feature> sctrace_only(const CompareResult& r) {
  const auto& s = r.sctrace_summary;
  return {
      {"no_ptrace",
       "does not stop the target at each call: probes run in the kernel",
       slowdown_text(r)},
      {"kernel_filters",
       "filters by syscall, comm, cgroup, container or duration in the "
       "kernel, so calls not asked for cost almost nothing",
       ""},
      {"loss_accounting",
       "counts every event it could not deliver, and says when a count "
       "cannot be exact",
       std::string(s.loss_exact ? "" : "at least ") +
           count_text(s.events_dropped, "events dropped here")},
      {"durations", "times each call in nanoseconds (strace -T: microseconds)",
       ""},
      {"structured", "writes JSON, JSONL and CSV with a schema", ""},
  };
}

} // namespace

Features compare_features(const CompareResult& r) {
  return {strace_only(r), sctrace_only(r)};
}

} // namespace sctrace::compare
