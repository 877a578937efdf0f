// One job run to its end as a tool result (tool_list.h: run_job_tool).
#include <cstdio>

#include "tools/digest.h"
#include "tools/tool_error.h"
#include "tools/tool_list.h"
#include "tools/trace_run.h"

namespace sctrace::tools {

using nlohmann::json;

namespace {

std::string result_text(const json& out) {
  std::string text =
      "trace " + out["trace_id"].get<std::string>() + " " +
      out["status"].get<std::string>() + ": " +
      std::to_string(out["events_total"].get<std::uint64_t>()) + " events, " +
      std::to_string(out["events_returned"].get<std::size_t>()) + " returned";
  if (!out["next_cursor"].is_null())
    text += " (get_trace_events with cursor " + out["next_cursor"].dump() +
            " for the rest)";
  if (out.contains("digest") && !out["digest"]["errors"].empty())
    text += "; errors: " + out["digest"]["errors"].dump();
  return text;
}

json syscall_digest_schema() {
  json count = {{"type", "integer"}, {"minimum", 0}};
  return {{"type", "object"},
          {"description",
           "Over every kept event: per syscall counts and errors, errors by "
           "errno name, top processes, top failing paths; complete is false "
           "when the event cap dropped events."},
          {"properties",
           {{"events", count},
            {"complete", {{"type", "boolean"}}},
            {"syscalls",
             {{"type", "object"},
              {"additionalProperties",
               {{"type", "object"},
                {"properties", {{"count", count}, {"errors", count}}}}}}},
            {"errors", {{"type", "object"}, {"additionalProperties", count}}},
            {"top_processes", {{"type", "array"}, {"maxItems", 10}}},
            {"failing_paths", {{"type", "array"}, {"maxItems", 20}}}}}};
}

} // namespace

Result<void> can_trace(const ToolsContext& ctx) {
  if (ctx.environment_error)
    return *ctx.environment_error;
  return Ok{};
}

json job_output_properties(bool with_digest) {
  json count = {{"type", "integer"}, {"minimum", 0}};
  json p = {
      {"trace_id", {{"type", "string"}}},
      {"status",
       {{"enum", {"completed", "stopped", "failed", "running", "queued"}}}},
      {"events", {{"type", "array"}, {"items", {{"type", "object"}}}}},
      {"events_total", count},
      {"events_returned", count},
      {"next_cursor",
       {{"type", {"integer", "null"}},
        {"description", "get_trace_events' cursor for the rest; null: none"}}},
      {"truncated", {{"type", "boolean"}}},
      {"events_truncated", count},
      {"summary", {{"type", {"object", "null"}}}},
      {"warnings", {{"type", "array"}, {"items", {{"type", "string"}}}}}};
  if (with_digest)
    p["digest"] = syscall_digest_schema();
  return p;
}

mcp::ToolResult run_job_tool(const ToolsContext& ctx, manager::Job job,
                             double duration, mcp::ToolContext& tctx,
                             bool with_digest) {
  manager::TraceManager& m = ctx.request.manager;
  std::vector<manager::Job> jobs;
  jobs.push_back(std::move(job));
  auto ids = start_jobs(m, std::move(jobs), tctx);
  if (!ids.ok())
    return error_result("busy", ids.error().message, "");
  const std::string id = ids->front();
  auto infos = run_until_end(m, *ids, duration, tctx);
  if (!infos.ok())
    return error_result(infos.error());
  const manager::Info& info = infos->front();
  auto page = first_page(m, id, ctx.page_events);
  if (!page.ok())
    return error_result(page.error());
  json out = {{"trace_id", id},
              {"status", status_of(info)},
              {"events_total", info.records},
              {"events_returned", page->events.size()},
              {"events", page->events},
              {"next_cursor", page->next_cursor},
              {"truncated", info.truncated || !page->next_cursor.is_null()},
              {"events_truncated", info.records_truncated},
              {"summary", info.summary},
              {"warnings", info.warnings}};
  if (with_digest) {
    auto d = trace_digest(m, id);
    if (d.ok())
      out["digest"] = std::move(d).value();
  }
  mcp::ToolResult r{out, result_text(out), false};
  if (info.error) {
    r.structured["error"] = tool_error_json(*info.error);
    r.text += "; error: " + info.error->message;
    r.is_error = true;
  }
  return r;
}

} // namespace sctrace::tools
