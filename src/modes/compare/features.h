// What each tracer offers that the other lacks, for compare's report, with
// this run's evidence where the logs have it.
//
// Contract (pure):
//  - strace_only lists what sctrace syscalls lacks: buffer and struct
//    contents (arguments compare could not check: Diff::arguments_ignored),
//    signals (strace's "--- SIG... ---" lines), injection and tampering.
//  - sctrace_only lists what strace lacks: no ptrace stop per call (the
//    measured slowdowns when on running processes), in-kernel filters,
//    exact loss accounting, nanosecond durations, structured output.
//  - Each entry has a stable key, a sentence, and this run's figure in
//    detail ("" when the run has none).
#pragma once

#include <string>
#include <vector>

#include "modes/compare/session.h"

namespace sctrace::compare {

struct Feature {
  std::string key;      // "buffers", "signals", ...
  std::string text;     // what the tool has that the other lacks
  std::string evidence; // from this run, or ""
};

struct Features {
  std::vector<Feature> strace_only, sctrace_only;
};

Features compare_features(const CompareResult& r);

} // namespace sctrace::compare
