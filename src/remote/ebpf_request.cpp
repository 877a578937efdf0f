// Seed 001's request, run (ebpf_request.h).
#include "remote/ebpf_request.h"

#include <chrono>

#include "remote/error_json.h"
#include "remote/jobs.h"
#include "remote/prepare.h"
#include "remote/program_response.h"
#include "spec/json.h"

namespace sctrace::remote {

using nlohmann::json;

namespace {

Error invalid(std::string message) {
  return make_error(ErrorKind::Invalid, std::move(message));
}

const char* kNotRun =
    "sctrace never runs commands from a request: it only traces, and "
    "running what a remote peer sends as root is how agents get taken "
    "over; run the command yourself over a channel you trust";

Result<json> answer_commands(const json& commands) {
  if (!commands.is_array())
    return invalid("key 'commands' must be an array of {\"id\", "
                   "\"command\"} objects");
  json out = json::array();
  for (const auto& c : commands) {
    json id = c.is_object() ? c.value("id", json()) : json();
    json command = c.is_object() ? c.value("command", json()) : json();
    out.push_back({{"id", id.is_string() || id.is_number() ? id : json()},
                   {"command", command.is_string() ? command : json()},
                   {"status", "not_run"},
                   {"success", false},
                   {"reason", kNotRun}});
  }
  return out;
}

Result<void> check_request(const json& request, std::size_t max_programs) {
  if (!request.is_object())
    return invalid("a request must be a JSON object with 'commands' and "
                   "'ebpf_programs'");
  for (const auto& [key, value] : request.items())
    if (key != "commands" && key != "ebpf_programs")
      return invalid("unknown key '" + key +
                     "' in request; expected commands or ebpf_programs");
  if (!request.contains("ebpf_programs"))
    return Ok{};
  const json& programs = request["ebpf_programs"];
  if (!programs.is_array())
    return invalid("key 'ebpf_programs' must be an array of programs");
  if (programs.size() > max_programs)
    return invalid("the request has " + std::to_string(programs.size()) +
                   " programs; this server runs at most " +
                   std::to_string(max_programs) +
                   " per request: split it into several requests");
  return Ok{};
}

// The answer of a started program once its job has ended.
json finish_program(const StartedProgram& p, const RequestContext& ctx) {
  if (p.id.empty())
    return p.answer;
  auto wait = std::chrono::milliseconds(static_cast<long long>(
      (ctx.manager.limits().max_duration_seconds + 60) * 1000));
  auto info = ctx.manager.wait(p.id, wait);
  auto page = ctx.manager.records(p.id, 0, ctx.max_events_per_program);
  if (!info.ok() || !page.ok())
    return program_not_run(p.program, "failed",
                           error_json(info.ok() ? page.error() : info.error()));
  return program_answer(p.program, *info, *page);
}

} // namespace

StartedProgram start_program(const json& program, const RequestContext& ctx) {
  StartedProgram started{program, "", json()};
  auto plan = spec::plan_from_ebpf_program(program);
  if (plan.ok())
    plan = prepare_plan(std::move(plan).value(), ctx.policy, ctx.catalog,
                        ctx.environment.version);
  if (!plan.ok()) {
    started.answer =
        program_not_run(program, "rejected", error_json(plan.error()));
    return started;
  }
  auto id = ctx.manager.start(
      trace_job(std::move(plan).value(), ctx.environment.bpftrace, program));
  if (!id.ok()) {
    json e = error_json(id.error());
    e["code"] = "busy";
    started.answer = program_not_run(program, "refused", std::move(e));
    return started;
  }
  started.id = *id;
  return started;
}

Result<json> run_ebpf_request(const json& request, const RequestContext& ctx) {
  SCTRACE_TRY(check_request(request, ctx.max_programs));
  json out = {{"commands", json::array()}, {"ebpf_programs", json::array()}};
  if (request.contains("commands")) {
    SCTRACE_TRY_ASSIGN(commands, answer_commands(request["commands"]));
    out["commands"] = std::move(commands);
  }
  std::vector<StartedProgram> started;
  for (const auto& program : request.value("ebpf_programs", json::array()))
    started.push_back(start_program(program, ctx));
  for (const auto& p : started)
    out["ebpf_programs"].push_back(finish_program(p, ctx));
  return out;
}

} // namespace sctrace::remote
