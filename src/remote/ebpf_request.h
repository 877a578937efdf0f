// Seed 001's request, run: {"commands": [...], "ebpf_programs": [...]}
// in, {"commands": [...], "ebpf_programs": [...]} out, one answer per
// entry in request order. sctrace serve (POST /v1/requests) and sctrace
// request share it.
//
// Contract of run_ebpf_request:
//  - A request that is not an object, has keys other than commands and
//    ebpf_programs, or lists more than max_programs programs is refused
//    whole (an Error, ErrorKind::Invalid); nothing runs.
//  - commands are never executed: each is answered {"id", "command",
//    "status": "not_run", "success": false, "reason"}.
//  - Each program is read (spec::plan_from_ebpf_program), prepared
//    (prepare.h: policy, default action) and started on the manager; all
//    run at once, and the call returns when the last has ended. A program
//    that is refused or fails gets its own answer with status "rejected"
//    (bad input or policy), "refused" (the manager is full) or "failed"
//    and an "error" {code, message, hint}; the others still run.
//  - Each answer has seed 001's fields (program_response.h) with at most
//    max_events_per_program events; event_count is exact regardless.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/environment.h"
#include "gen/tracefs.h"
#include "manager/trace_manager.h"
#include "remote/policy.h"

namespace sctrace::remote {

struct RequestContext {
  manager::TraceManager& manager;
  const gen::KernelCatalog& catalog;
  engine::Environment environment;
  RemotePolicy policy;
  std::size_t max_programs = 16;
  std::size_t max_events_per_program = 1000;
};

Result<nlohmann::json> run_ebpf_request(const nlohmann::json& request,
                                        const RequestContext& ctx);

// One program of a request, started: its trace id, or its answer when it
// never started (rejected or refused).
struct StartedProgram {
  nlohmann::json program;
  std::string id;
  nlohmann::json answer; // set when id is empty
};

StartedProgram start_program(const nlohmann::json& program,
                             const RequestContext& ctx);

} // namespace sctrace::remote
