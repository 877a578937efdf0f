// The answer for one program of seed 001's request:
//   {"name", "type", "target", "duration", "description", "id", "status",
//    "success", "event_count", "events": [...], "events_returned",
//    "truncated", "statistics": {"total_events", "events_per_second",
//    "duration_seconds", "top_processes": [{"process_name", "event_count",
//    "pid"}]}, "events_dropped", "loss_exact", "summary": {...},
//    "warnings": [...], "error": {code, message, hint}}
// name, type, target, duration and description echo the request (as data;
// missing ones are null). Events are the trace mode's event objects
// (docs/output.md), which carry seed 001's event fields.
//
// Contract: pure functions of their inputs; never throw.
#pragma once

#include <nlohmann/json.hpp>

#include "manager/trace_manager.h"

namespace sctrace::remote {

// The answer of a program that ran (Info of its ended job) with its first
// events (Page from the manager).
nlohmann::json program_answer(const nlohmann::json& program,
                              const manager::Info& info,
                              const manager::Page& events);

// The answer of a program that never ran: status "rejected" or "refused".
nlohmann::json program_not_run(const nlohmann::json& program,
                               const std::string& status, nlohmann::json error);

} // namespace sctrace::remote
