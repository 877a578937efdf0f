// The `trace` and `explain_program` tools' trace.py input as seed 001
// programs: {"specs": ["r::sys_openat \"%d\", retval", ...], "pid",
// "tid", "uid", "comm" (or "process"), "cgroup", "filter", "duration"}
// becomes one {"name", "spec", "duration", "filters"} program per spec,
// read by spec::plan_from_ebpf_program and prepared by
// remote::prepare_plan under the context's policy, as POST /v1/requests
// does.
//
// Contract: unknown keys, wrong types, no or more than kMaxSpecs specs
// and a duration outside 1..300 are Invalid errors naming the key. A
// spec error keeps its line and column. Never throws, runs nothing.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "spec/session_options.h"
#include "tools/tools.h"

namespace sctrace::tools {

inline constexpr std::size_t kMaxSpecs = 8;

// The input keys (specs and the filters) as JSON Schema properties.
nlohmann::json trace_input_properties();

// One seed 001 program per spec (read, not yet checked).
Result<std::vector<nlohmann::json>> trace_programs(const nlohmann::json& args);

// program read and prepared (policy, default action) for ctx.
Result<spec::TracePlan> prepared_plan(const nlohmann::json& program,
                                      const ToolsContext& ctx);

} // namespace sctrace::tools
