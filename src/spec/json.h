// TracePlan <-> JSON, and the seed's "ebpf_programs" request shape.
//
// Trace spec JSON (plan_to_json / plan_from_json) is one flat object: the
// TraceSpec field names and the SessionOptions names as keys, with
// "duration" in seconds:
//   {"probe_type": "r", "library": "c", "target": "malloc",
//    "filter": "retval", "format": "allocated = %x",
//    "arguments": ["retval"], "pid": 42}
// probe_type is "p", "r", "t" or "u". The writers always write probe_type
// and target and omit every other field that has its default value, so
// plan_from_json(plan_to_json(p)) == p for every valid plan.
// spec_to_json writes the probe's keys alone.
//
// plan_from_ebpf_program reads one program of a request such as
//   {"name": "file_monitoring", "type": "kprobe", "target": "sys_open",
//    "duration": 30, "filters": {"process": "nginx"}, "description": "..."}
// type is kprobe, kretprobe, syscall ("openat" or "sys_openat": the
// syscall's tracepoint), tracepoint ("category:event" or
// "category/event"), uprobe or uretprobe ("library:function", split at the
// last ':') or usdt ("binary:probe" or "binary:provider:probe", split at
// the first ':'). Instead of type and target (and format, arguments,
// filter) a program may give "spec", a trace.py probe spec string.
// type "bpftrace" and targets holding '{' (scripts) are refused.
// filters may hold process, pid, tid, uid and cgroup; format, arguments,
// filter and max_events are optional; duration is required, 1..600 s.
//
// Contract: both readers validate (validate() in spec/parser.h and
// spec/session_options.h), reject
// unknown keys naming the key, reject wrong types naming the key and the
// expected type, and never throw.
#pragma once

#include <nlohmann/json.hpp>

#include "spec/session_options.h"
#include "spec/trace_spec.h"
#include "util/result.h"

namespace sctrace::spec {

nlohmann::json spec_to_json(const TraceSpec& spec);
nlohmann::json plan_to_json(const TracePlan& plan);

Result<TracePlan> plan_from_json(const nlohmann::json& json);

// Longest duration an ebpf_programs request may ask for (10 minutes).
inline constexpr int max_program_duration = 600;

Result<TracePlan> plan_from_ebpf_program(const nlohmann::json& json);

} // namespace sctrace::spec
