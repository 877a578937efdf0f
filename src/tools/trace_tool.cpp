// The `trace` tool (tool_list.h): trace.py specs run as seed 001 programs
// (one manager job per spec, remote::trace_job), under the context's
// policy.
#include "remote/jobs.h"
#include "tools/args.h"
#include "tools/schemas.h"
#include "tools/tool_error.h"
#include "tools/tool_list.h"
#include "tools/trace_programs.h"
#include "tools/trace_run.h"

namespace sctrace::tools {

using nlohmann::json;

namespace {

// The jobs for the arguments, or the first error (its message says which
// spec).
Result<std::vector<manager::Job>> trace_jobs(const ToolsContext& c,
                                             const json& args) {
  SCTRACE_TRY_ASSIGN(programs, trace_programs(args));
  std::vector<manager::Job> jobs;
  for (std::size_t i = 0; i < programs.size(); ++i) {
    auto plan = prepared_plan(programs[i], c);
    if (!plan.ok()) {
      Error e = plan.error();
      if (programs.size() > 1)
        e.message = "specs[" + std::to_string(i) + "]: " + e.message;
      return e;
    }
    jobs.push_back(remote::trace_job(
        std::move(plan).value(), c.request.environment.bpftrace,
        {{"tool", "trace"}, {"program", programs[i]}}));
  }
  return jobs;
}

// One trace's part of the result: its first page of `limit` events.
json trace_part(const ToolsContext& c, const manager::Info& info,
                std::size_t limit) {
  auto page = first_page(c.request.manager, info.id, limit);
  json events = page.ok() ? page->events : json::array();
  json cursor = page.ok() ? page->next_cursor : json(0);
  json out = {{"trace_id", info.id},
              {"spec", info.request["program"]["spec"]},
              {"status", status_of(info)},
              {"events_total", info.records},
              {"events_returned", events.size()},
              {"events", events},
              {"next_cursor", cursor},
              {"truncated", info.truncated || !cursor.is_null()},
              {"events_truncated", info.records_truncated},
              {"summary", info.summary},
              {"warnings", info.warnings}};
  if (info.error)
    out["error"] = tool_error_json(*info.error);
  return out;
}

mcp::ToolResult trace_call(const ToolsContext& c, const json& args,
                           mcp::ToolContext& tctx) {
  if (auto ok = can_trace(c); !ok.ok())
    return error_result(ok.error());
  auto jobs = trace_jobs(c, args);
  if (!jobs.ok())
    return error_result(jobs.error());
  if (auto alive = check_target_alive(args); !alive.ok())
    return error_result(alive.error()); // a pid filter must be alive
  const double duration = args.value("duration", 30);
  auto ids = start_jobs(c.request.manager, std::move(jobs).value(), tctx);
  if (!ids.ok())
    return error_result("busy", ids.error().message, "");
  auto infos = run_until_end(c.request.manager, *ids, duration, tctx);
  if (!infos.ok())
    return error_result(infos.error());
  const std::size_t each =
      std::max<std::size_t>(1, c.page_events / ids->size());
  json traces = json::array();
  for (const auto& info : *infos)
    traces.push_back(trace_part(c, info, each));
  json out = traces[0];
  out["trace_ids"] = *ids;
  out["traces"] = traces;
  std::string text;
  bool failed = false;
  for (const auto& t : traces) {
    text += (text.empty() ? "" : "; ") + t["trace_id"].get<std::string>() +
            " " + t["status"].get<std::string>() + ": " +
            std::to_string(t["events_total"].get<std::uint64_t>()) + " events";
    failed = failed || t.contains("error");
  }
  if (failed && !out.contains("error"))
    for (const auto& t : traces)
      if (t.contains("error")) {
        out["error"] = t["error"];
        break;
      }
  return mcp::ToolResult{std::move(out), text, failed};
}

} // namespace

mcp::Tool trace_tool(SharedContext ctx) {
  json props = job_output_properties(false);
  props["spec"] = {{"type", "string"}};
  props["trace_ids"] = {{"type", "array"}, {"items", {{"type", "string"}}}};
  props["traces"] = {{"type", "array"}, {"items", {{"type", "object"}}}};
  mcp::Tool t = make_tool(
      "trace", "Trace with trace.py specs",
      "Run trace.py probe specs (bcc's trace syntax: \"sys_openat \\\"%s\\\", "
      "arg2\", \"r::sys_read (retval > 1024) \\\"read %d\\\", retval\", "
      "\"t:syscalls:sys_enter_connect\") for `duration` seconds (1..300, "
      "default 30), optionally limited to a pid, tid, uid, comm or cgroup "
      "and a filter expression. Syscall and tracepoint probes are allowed; "
      "others only if the policy (capabilities tool) allows them. Each "
      "spec runs as its own trace: the top-level fields are the first "
      "spec's, `traces` has one entry per spec (trace_id, status, first "
      "events, events_total, next_cursor for get_trace_events, summary). "
      "Use explain_program to check a spec without running it. Needs root.",
      input_schema(trace_input_properties(), {"specs"}),
      output_schema(std::move(props)), false);
  t.call = [ctx](const json& args, mcp::ToolContext& tctx) {
    return trace_call(*ctx, args, tctx);
  };
  return t;
}

} // namespace sctrace::tools
