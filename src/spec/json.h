// TraceSpec <-> JSON, and the seed's "ebpf_programs" request shape.
//
// Trace spec JSON (spec_to_json / spec_from_json) uses the TraceSpec field
// names as keys:
//   {"probe_type": "r", "library": "c", "target": "malloc",
//    "filter": "retval", "format": "allocated = %x",
//    "arguments": ["retval"], "pid": 42}
// probe_type is "p", "r", "t" or "u". spec_to_json always writes probe_type
// and target and omits every other field that has its default value, so
// spec_from_json(spec_to_json(s)) == s for every valid spec.
//
// spec_from_ebpf_program reads one program of a request such as
//   {"name": "file_monitoring", "type": "kprobe", "target": "sys_open",
//    "duration": 30, "filters": {"process": "nginx"}, "description": "..."}
// type is kprobe, kretprobe, tracepoint ("category:event"), uprobe or
// uretprobe ("library:function", split at the last ':') or usdt
// ("binary:probe" or "binary:provider:probe", split at the first ':').
// filters may hold process, pid, tid, uid and cgroup; format, arguments,
// filter and max_events are optional; duration is required, 1..600 s.
//
// Contract: both readers validate (validate() in spec/parser.h), reject
// unknown keys naming the key, reject wrong types naming the key and the
// expected type, and never throw.
#pragma once

#include <nlohmann/json.hpp>

#include "spec/trace_spec.h"
#include "util/result.h"

namespace sctrace::spec {

nlohmann::json spec_to_json(const TraceSpec& spec);

Result<TraceSpec> spec_from_json(const nlohmann::json& json);

// Longest duration an ebpf_programs request may ask for (10 minutes).
inline constexpr int max_program_duration = 600;

Result<TraceSpec> spec_from_ebpf_program(const nlohmann::json& json);

} // namespace sctrace::spec
