// The syscalls-input tools: trace_syscalls, slow_syscalls, count_syscalls
// and syscall_latency (tool_list.h), over remote::*_input and the modes'
// jobs, each checked first with the mode's dry run (an unknown syscall or
// a bad target is an error before anything runs).
#include "remote/jobs.h"
#include "remote/mode_inputs.h"
#include "tools/args.h"
#include "tools/schemas.h"
#include "tools/tool_error.h"
#include "tools/tool_list.h"

namespace sctrace::tools {

using nlohmann::json;

namespace {

// seed 000's keys as this tool accepts them, plus extra.
json seed_properties(json extra) {
  json p = {{"target", target_schema()},
            {"syscalls", syscalls_schema()},
            {"duration", duration_schema()}};
  for (auto& [k, v] : extra.items())
    p[k] = v;
  return p;
}

// Checks shared by every mode before its input reader runs.
Result<void> precheck(const ToolsContext& c, const json& args) {
  SCTRACE_TRY(can_trace(c));
  if (!args.is_object())
    return make_error(ErrorKind::Invalid, "the arguments must be an object");
  if (auto d = read_duration(args); !d.ok())
    return d.error();
  if (!args.contains("target"))
    return make_error(ErrorKind::Invalid,
                      "argument 'target' is required: {\"pid\": N}, "
                      "{\"comm\": NAME}, {\"container\": ID}, ...");
  return check_target_alive(args["target"]);
}

json request_of(const std::string& tool, const json& args) {
  return {{"tool", tool}, {"input", args}};
}

mcp::ToolResult syscalls_call(const ToolsContext& c, const std::string& tool,
                              const json& args, mcp::ToolContext& tctx) {
  if (auto ok = precheck(c, args); !ok.ok())
    return error_result(ok.error());
  const engine::Environment& env = c.request.environment;
  auto o = tool == "slow_syscalls" ? remote::slow_input(args, env)
                                   : remote::syscalls_input(args, env);
  if (!o.ok())
    return error_result(o.error());
  if (auto dry = syscalls::syscalls_dry_run(*o); !dry.ok())
    return error_result(dry.error());
  double duration = o->duration_seconds;
  return run_job_tool(c, remote::syscalls_job(*o, request_of(tool, args)),
                      duration, tctx, true);
}

// The stats mode's final report (its "total" record, the last one kept,
// after every interval report) as "total".
void add_total(const ToolsContext& c, mcp::ToolResult& r) {
  if (!r.structured.contains("trace_id"))
    return;
  const std::string id = r.structured["trace_id"];
  auto info = c.request.manager.get(id);
  if (!info.ok())
    return;
  const std::uint64_t kept = info->records - info->records_truncated;
  auto page = c.request.manager.records(id, kept > 8 ? kept - 8 : 0, 8);
  if (!page.ok())
    return;
  for (const auto& rec : page->records)
    if (rec.value("type", json()) == "total" && rec.contains("report"))
      r.structured["total"] = rec["report"];
}

json stats_output_schema() {
  json p = job_output_properties(false);
  p["total"] = {{"type", "object"},
                {"description",
                 "The report over the whole trace: total_calls, "
                 "total_errors, syscalls [{syscall, count, errors, ...}] "
                 "(specs/syscall_stats.schema.json)"}};
  return output_schema(std::move(p));
}

mcp::ToolResult stats_call(const ToolsContext& c, const std::string& mode,
                           const std::string& tool, const json& args,
                           mcp::ToolContext& tctx) {
  if (auto ok = precheck(c, args); !ok.ok())
    return error_result(ok.error());
  auto o = remote::stats_input(mode, args, c.request.environment);
  if (!o.ok())
    return error_result(o.error());
  if (auto dry = stats::stats_dry_run(*o); !dry.ok())
    return error_result(dry.error());
  double duration = o->duration_seconds;
  mcp::ToolResult r = run_job_tool(
      c, remote::stats_job(*o, request_of(tool, args)), duration, tctx, false);
  add_total(c, r);
  return r;
}

const char* kStructuredJson =
    " The structured result is always JSON (seed 000's events); format "
    "is accepted for seed 000 compatibility and changes nothing here.";

} // namespace

mcp::Tool trace_syscalls_tool(SharedContext ctx) {
  json in = input_schema(
      seed_properties(
          {{"format",
            {{"enum", {"text", "json", "jsonl", "csv"}},
             {"default", "json"},
             {"description", "Accepted; the structured result stays JSON"}}},
           {"only_success", {{"type", "boolean"}, {"default", false}}},
           {"only_failed", {{"type", "boolean"}, {"default", false}}},
           {"min_duration_us", {{"type", "integer"}, {"minimum", 0}}},
           {"string_size",
            {{"type", "integer"}, {"minimum", 8}, {"maximum", 4096}}}}),
      {"target"});
  mcp::Tool t = make_tool(
      "trace_syscalls", "Trace system calls",
      std::string(
          "Trace the system calls of a running process (target pid, pids, "
          "comm, container, cgroup or all) for `duration` seconds (1..300, "
          "default 30) and return decoded events (arguments, return value, "
          "errno, duration). Filter with syscalls (names, globs, %file "
          "classes, !exclusions), only_failed/only_success and "
          "min_duration_us. The result holds the first events, a digest "
          "over ALL events (counts and errors per syscall, errors by errno "
          "name, top processes, top failing paths) that usually answers "
          "the question without paging, and next_cursor for "
          "get_trace_events. Needs root.") +
          kStructuredJson,
      std::move(in), output_schema(job_output_properties(true)), false);
  t.call = [ctx](const json& args, mcp::ToolContext& tctx) {
    return syscalls_call(*ctx, "trace_syscalls", args, tctx);
  };
  return t;
}

mcp::Tool slow_syscalls_tool(SharedContext ctx) {
  json in = input_schema(
      seed_properties(
          {{"threshold",
            {{"type", "string"},
             {"description",
              "Minimum durations: \"10ms\" for all, \"5ms,read=50ms\" per "
              "syscall"}}},
           {"string_size",
            {{"type", "integer"}, {"minimum", 8}, {"maximum", 4096}}}}),
      {"target"});
  mcp::Tool t = make_tool(
      "slow_syscalls", "Find slow system calls",
      "Trace the system calls of a running process that take longer than a "
      "threshold (\"10ms\", or per syscall \"5ms,read=50ms\"), with what "
      "each fd argument referred to. Calls under the threshold are only "
      "counted (summary.slow). Same target, syscalls and duration as "
      "trace_syscalls; the result has the first slow calls, a digest and "
      "next_cursor for get_trace_events. Needs root.",
      std::move(in), output_schema(job_output_properties(true)), false);
  t.call = [ctx](const json& args, mcp::ToolContext& tctx) {
    return syscalls_call(*ctx, "slow_syscalls", args, tctx);
  };
  return t;
}

mcp::Tool count_syscalls_tool(SharedContext ctx) {
  json in = input_schema(
      seed_properties(
          {{"interval",
            {{"type", "number"},
             {"minimum", 0},
             {"description", "Seconds between interval reports; 0: total"}}},
           {"per_process", {{"type", "boolean"}}},
           {"only_failed", {{"type", "boolean"}}}}),
      {"target"});
  mcp::Tool t = make_tool(
      "count_syscalls", "Count system calls",
      "Count every system call of a running process in the kernel (exact, "
      "nothing sampled) for `duration` seconds: per syscall counts and "
      "errors, optionally per process (per_process) or failed calls only "
      "(only_failed). Syscalls default to all. `total` is the count report "
      "over the whole trace (specs/syscall_stats.schema.json), `summary` "
      "the session's; events are the reports (intervals, then the total). "
      "Needs root.",
      std::move(in), stats_output_schema(), false);
  t.call = [ctx](const json& args, mcp::ToolContext& tctx) {
    return stats_call(*ctx, "count", "count_syscalls", args, tctx);
  };
  return t;
}

mcp::Tool syscall_latency_tool(SharedContext ctx) {
  json in = input_schema(
      seed_properties(
          {{"interval",
            {{"type", "number"},
             {"minimum", 0},
             {"description", "Seconds between interval reports; 0: total"}}}}),
      {"target"});
  mcp::Tool t = make_tool(
      "syscall_latency", "System call latency",
      "Measure the latency of every system call of a running process in the "
      "kernel for `duration` seconds: per syscall count, total, average, "
      "percentiles and a histogram. Syscalls default to all. `total` is the "
      "latency report over the whole trace (specs/syscall_stats.schema.json), "
      "`summary` the session's. Needs root.",
      std::move(in), stats_output_schema(), false);
  t.call = [ctx](const json& args, mcp::ToolContext& tctx) {
    return stats_call(*ctx, "latency", "syscall_latency", args, tctx);
  };
  return t;
}

} // namespace sctrace::tools
