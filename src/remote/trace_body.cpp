// POST /v1/traces bodies as manager jobs (trace_body.h).
#include "remote/trace_body.h"

#include "remote/jobs.h"
#include "remote/mode_inputs.h"
#include "remote/prepare.h"
#include "spec/json.h"

namespace sctrace::remote {

using nlohmann::json;

namespace {

Error invalid(std::string message) {
  return make_error(ErrorKind::Invalid, std::move(message));
}

const char* kModes = "trace, syscalls, count, latency or slow";

Result<void> check_keys(const json& body, const char* payload) {
  for (const auto& [key, value] : body.items())
    if (key != "mode" && key != payload)
      return invalid("unknown key '" + key +
                     "' in a trace request; "
                     "expected mode and " +
                     payload);
  if (!body.contains(payload))
    return invalid(std::string("key '") + payload +
                   "' is required for "
                   "this mode");
  return Ok{};
}

Result<manager::Job> trace_mode_job(const json& body,
                                    const RequestContext& ctx) {
  SCTRACE_TRY(check_keys(body, "program"));
  SCTRACE_TRY_ASSIGN(plan, spec::plan_from_ebpf_program(body["program"]));
  SCTRACE_TRY_ASSIGN(ready, prepare_plan(std::move(plan), ctx.policy,
                                         ctx.catalog, ctx.environment.version));
  return trace_job(std::move(ready), ctx.environment.bpftrace, body);
}

Result<manager::Job> input_mode_job(const std::string& mode, const json& body,
                                    const RequestContext& ctx) {
  SCTRACE_TRY(check_keys(body, "input"));
  const json& input = body["input"];
  const engine::Environment& env = ctx.environment;
  if (mode == "syscalls" || mode == "slow") {
    SCTRACE_TRY_ASSIGN(options, mode == "syscalls" ? syscalls_input(input, env)
                                                   : slow_input(input, env));
    return syscalls_job(std::move(options), body);
  }
  SCTRACE_TRY_ASSIGN(options, stats_input(mode, input, env));
  return stats_job(std::move(options), body);
}

} // namespace

Result<manager::Job> make_job(const json& body, const RequestContext& ctx) {
  if (!body.is_object())
    return invalid("a trace request must be a JSON object with 'mode'");
  auto mode = body.find("mode");
  if (mode == body.end() || !mode->is_string())
    return invalid(std::string("key 'mode' is required: ") + kModes);
  const std::string m = mode->get<std::string>();
  if (m == "trace")
    return trace_mode_job(body, ctx);
  if (m == "syscalls" || m == "slow" || m == "count" || m == "latency")
    return input_mode_job(m, body, ctx);
  return invalid("unknown mode '" + m + "'; expected " + kModes);
}

} // namespace sctrace::remote
