// The parts of compare's report (report.h) for running processes (the
// measured windows and each tool's slowdown) and for the features each
// tracer lacks (features.h). Used by report.cpp only.
//
// Contract:
//  - live JSON: "target", "pids", "duration_seconds", "windows": [{window,
//    seconds, rw_calls, rw_calls_per_second, cpu_seconds, cpu_share,
//    slowdown}] (slowdown null for the untraced window or when a window
//    had no read/write calls), and sctrace's "outside_window".
//  - features JSON: {"strace_only": [{key, text, evidence}], "sctrace_only":
//    [...]}, evidence null when empty.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "modes/compare/session.h"

namespace sctrace::compare {

void append_live_text(std::string& out, const CompareResult& r);
void add_live_json(nlohmann::ordered_json& j, const CompareResult& r);
void append_features_text(std::string& out, const CompareResult& r);
nlohmann::ordered_json features_json(const CompareResult& r);

} // namespace sctrace::compare
