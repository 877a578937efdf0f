// POST /v1/traces bodies as manager jobs (service.h lists the shapes).
//
// Contract: make_job reads the body, refuses unknown keys and modes with
// a message that lists the known ones, checks it as the matching CLI
// would (and the remote policy for trace.py programs), and returns a Job
// that has not started. It never runs anything and never throws.
#pragma once

#include <nlohmann/json.hpp>

#include "manager/job.h"
#include "remote/ebpf_request.h"

namespace sctrace::remote {

Result<manager::Job> make_job(const nlohmann::json& body,
                              const RequestContext& ctx);

} // namespace sctrace::remote
