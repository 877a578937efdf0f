// The explain_program tool (tool_list.h): the bpftrace program that
// `trace` or a syscalls-input tool would run, generated as
// `sctrace trace --dry-run` / `sctrace syscalls --dry-run` do, never run.
#include "gen/generator.h"
#include "modes/stats/run.h"
#include "modes/syscalls/run.h"
#include "remote/mode_inputs.h"
#include "spec/json.h"
#include "tools/args.h"
#include "tools/program_probes.h"
#include "tools/schemas.h"
#include "tools/tool_error.h"
#include "tools/tool_list.h"
#include "tools/trace_programs.h"

namespace sctrace::tools {

using nlohmann::json;

namespace {

Result<std::string> generated(const spec::TracePlan& plan,
                              const ToolsContext& c) {
  gen::GenOptions g;
  g.version = c.request.environment.version;
  SCTRACE_TRY_ASSIGN(
      p, gen::generate({plan.spec}, c.request.catalog, g, plan.options));
  return p.text;
}

json explained(const std::string& what, const std::string& text, json verdict) {
  return {{"for", what},
          {"program", text},
          {"probes", program_probes(text)},
          {"policy", std::move(verdict)}};
}

// One spec's program and the policy's verdict on it.
Result<json> explain_spec(const json& program, const ToolsContext& c) {
  SCTRACE_TRY_ASSIGN(plan, spec::plan_from_ebpf_program(program));
  const std::string what = program["spec"].get<std::string>();
  auto ready = prepared_plan(program, c);
  if (ready.ok()) {
    SCTRACE_TRY_ASSIGN(text, generated(*ready, c));
    return explained(what, text, {{"allowed", true}});
  }
  if (ready.error().kind != ErrorKind::Permission)
    return ready.error();
  json verdict = {{"allowed", false},
                  {"code", "refused_by_policy"},
                  {"reason", ready.error().message}};
  auto text = generated(plan, c);
  return explained(what, text.ok() ? *text : "", std::move(verdict));
}

Result<std::string> mode_program(const std::string& mode, const json& input,
                                 const engine::Environment& env) {
  if (mode == "syscalls" || mode == "slow") {
    SCTRACE_TRY_ASSIGN(o, mode == "slow" ? remote::slow_input(input, env)
                                         : remote::syscalls_input(input, env));
    return syscalls::syscalls_dry_run(o);
  }
  if (mode == "count" || mode == "latency") {
    SCTRACE_TRY_ASSIGN(o, remote::stats_input(mode, input, env));
    return stats::stats_dry_run(o);
  }
  return make_error(ErrorKind::Invalid,
                    "argument 'mode' is '" + mode +
                        "'; expected syscalls (trace_syscalls), slow, count "
                        "or latency");
}

Result<json> explain_input(const json& args, const ToolsContext& c) {
  SCTRACE_TRY(check_keys(args, {"mode", "input"}));
  SCTRACE_TRY_ASSIGN(mode, read_string(args, "mode"));
  const std::string m = mode.value_or("syscalls");
  SCTRACE_TRY(check_target_alive(args["input"].value("target", json())));
  SCTRACE_TRY_ASSIGN(text,
                     mode_program(m, args["input"], c.request.environment));
  return json::array({explained(m + " input", text, {{"allowed", true}})});
}

Result<json> explain(const json& args, const ToolsContext& c) {
  if (args.is_object() && args.contains("input")) {
    if (!args["input"].is_object())
      return make_error(ErrorKind::Invalid,
                        "argument 'input' must be an object");
    return explain_input(args, c);
  }
  SCTRACE_TRY_ASSIGN(programs, trace_programs(args));
  json out = json::array();
  for (const auto& p : programs) {
    SCTRACE_TRY_ASSIGN(e, explain_spec(p, c));
    out.push_back(std::move(e));
  }
  return out;
}

mcp::ToolResult explain_call(const ToolsContext& c, const json& args) {
  auto programs = explain(args, c);
  if (!programs.ok())
    return error_result(programs.error());
  std::string text;
  for (const auto& p : *programs)
    text += "// " + p["for"].get<std::string>() + "\n" +
            p["program"].get<std::string>() + "\n";
  return mcp::ToolResult{{{"programs", *programs}}, std::move(text), false};
}

} // namespace

mcp::Tool explain_program_tool(SharedContext ctx) {
  json props = trace_input_properties();
  props["mode"] = {{"enum", {"syscalls", "slow", "count", "latency"}},
                   {"default", "syscalls"},
                   {"description", "With input: which tool's input it is"}};
  props["input"] = {
      {"type", "object"},
      {"description",
       "Instead of specs: the arguments of trace_syscalls (mode syscalls), "
       "slow_syscalls, count_syscalls or syscall_latency"}};
  json program = {
      {"type", "object"},
      {"properties",
       {{"for", {{"type", "string"}}},
        {"program", {{"type", "string"}}},
        {"probes", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"policy",
         {{"type", "object"},
          {"properties",
           {{"allowed", {{"type", "boolean"}}},
            {"code", {{"type", "string"}}},
            {"reason", {{"type", "string"}}}}}}}}}};
  mcp::Tool t = make_tool(
      "explain_program", "Show the bpftrace program",
      "The bpftrace program(s) sctrace would run, without running anything "
      "(no root needed): either for trace.py `specs` (as the trace tool "
      "takes them, with the same filters), or for `input`, the arguments "
      "of trace_syscalls / slow_syscalls / count_syscalls / syscall_latency "
      "(`mode`). Each program comes with its probes and the policy's "
      "verdict (allowed, or refused with the reason). Use it to check a "
      "spec: errors give the line and column.",
      input_schema(std::move(props)),
      output_schema({{"programs", {{"type", "array"}, {"items", program}}}}),
      true);
  t.call = [ctx](const json& args, mcp::ToolContext&) {
    return explain_call(*ctx, args);
  };
  return t;
}

} // namespace sctrace::tools
