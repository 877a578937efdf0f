// get_trace_events, capabilities and suggest_syscalls (tool_list.h): the
// manager's pages, and remote::Service's capabilities and suggestions.
#include "remote/service.h"
#include "tools/args.h"
#include "tools/schemas.h"
#include "tools/tool_error.h"
#include "tools/tool_list.h"

namespace sctrace::tools {

using nlohmann::json;

namespace {

mcp::ToolResult page_call(const ToolsContext& c, const json& args) {
  if (auto ok = check_keys(args, {"trace_id", "cursor", "limit"}); !ok.ok())
    return error_result(ok.error());
  auto id = read_string(args, "trace_id", true);
  if (!id.ok())
    return error_result(id.error());
  auto cursor = read_integer(args, "cursor", 0, 1ll << 62, 0);
  if (!cursor.ok())
    return error_result(cursor.error());
  const auto max = static_cast<long long>(c.max_page_events);
  auto limit = read_integer(args, "limit", 1, max, std::min(100ll, max));
  if (!limit.ok())
    return error_result(limit.error());
  auto info = c.request.manager.get(**id);
  if (!info.ok())
    return error_result("not_found",
                        "no trace '" + **id +
                            "': it was never started here, or it ended "
                            "longer ago than the ttl and was freed",
                        "");
  auto page = c.request.manager.records(**id, *cursor, *limit);
  if (!page.ok())
    return error_result(page.error());
  json out = {{"trace_id", **id},
              {"events", page->records},
              {"next_cursor", page->done ? json() : json(page->next_cursor)},
              {"done", page->done},
              {"status", manager::status_name(info->status)},
              {"attached", info->attached},
              {"events_total", info->records},
              {"events_truncated", info->records_truncated},
              {"summary", info->summary},
              {"warnings", info->warnings}};
  std::string text =
      std::to_string(page->records.size()) + " events of " + **id +
      (page->done ? ", done"
                  : ", more from cursor " + std::to_string(page->next_cursor));
  return mcp::ToolResult{std::move(out), std::move(text), false};
}

mcp::ToolResult capabilities_call(const ToolsContext& c, const json& args) {
  if (auto ok = check_keys(args, {}); !ok.ok())
    return error_result(ok.error());
  remote::Service service(c.request, c.facts);
  json out = service.capabilities().body;
  out["limits"]["page_events"] = c.page_events;
  out["limits"]["max_page_events"] = c.max_page_events;
  if (c.environment_error)
    out["tracing_unavailable"] = tool_error_json(*c.environment_error);
  return mcp::ToolResult{out, out.dump(), false};
}

mcp::ToolResult suggest_call(const ToolsContext& c, const json& args) {
  if (auto ok = check_keys(args, {"description"}); !ok.ok())
    return error_result(ok.error());
  auto d = read_string(args, "description", true);
  if (!d.ok())
    return error_result(d.error());
  remote::Service service(c.request, c.facts);
  server::Reply r = service.suggest({{"description", **d}});
  if (r.status != 200)
    return error_result("invalid_argument",
                        r.body["error"].value("message", "bad description"),
                        "");
  return mcp::ToolResult{r.body, r.body.dump(), false};
}

} // namespace

mcp::Tool get_trace_events_tool(SharedContext ctx) {
  json in = input_schema(
      {{"trace_id", {{"type", "string"}}},
       {"cursor",
        {{"type", "integer"},
         {"minimum", 0},
         {"default", 0},
         {"description", "next_cursor of the previous result"}}},
       {"limit",
        {{"type", "integer"},
         {"minimum", 1},
         {"maximum", ctx->max_page_events},
         {"default", std::min<std::size_t>(100, ctx->max_page_events)}}}},
      {"trace_id"});
  json out = output_schema(
      {{"trace_id", {{"type", "string"}}},
       {"events", {{"type", "array"}, {"items", {{"type", "object"}}}}},
       {"next_cursor", {{"type", {"integer", "null"}}}},
       {"done", {{"type", "boolean"}}},
       {"status", {{"type", "string"}}},
       {"attached", {{"type", "boolean"}}},
       {"events_total", {{"type", "integer"}, {"minimum", 0}}},
       {"events_truncated", {{"type", "integer"}, {"minimum", 0}}},
       {"summary",
        {{"type", {"object", "null"}},
         {"description", "the mode's summary with tool_stats (events "
                         "captured and dropped) once the trace ended; "
                         "null while it runs"}}},
       {"warnings", {{"type", "array"}, {"items", {{"type", "string"}}}}}});
  mcp::Tool t = make_tool(
      "get_trace_events", "Page a trace's events",
      "The next events of a trace started by trace_syscalls, trace, "
      "slow_syscalls, count_syscalls or syscall_latency: pass its trace_id "
      "and the next_cursor it returned; repeat with each next_cursor until "
      "done is true (next_cursor null). Each event comes exactly once. "
      "The summary (with exact loss accounting) is there once the trace "
      "ended, also after a cancelled call: progress messages name the "
      "trace id. "
      "Traces are kept for the ttl the capabilities tool reports.",
      std::move(in), std::move(out), false);
  t.call = [ctx](const json& args, mcp::ToolContext&) {
    return page_call(*ctx, args);
  };
  return t;
}

mcp::Tool capabilities_tool(SharedContext ctx) {
  mcp::Tool t = make_tool(
      "capabilities", "What this machine can trace",
      "What sctrace can trace here: checks (kernel eBPF, bpftrace, root, "
      "tracefs, syscall tracepoints, BTF, kprobes, uprobes) each with a "
      "reason when unavailable, bpftrace's version, the kernel release, "
      "the probe kinds offered, the limits (durations, events kept, "
      "page sizes, ttl) and the policy (which probe kinds are allowed). "
      "Call it first when a trace fails.",
      input_schema(json::object()),
      output_schema({{"checks", {{"type", "object"}}},
                     {"bpftrace", {{"type", {"object", "null"}}}},
                     {"kernel", {{"type", "object"}}},
                     {"probe_kinds", {{"type", "array"}}},
                     {"limits", {{"type", "object"}}},
                     {"policy", {{"type", "object"}}},
                     {"tracing_unavailable", {{"type", "object"}}}}),
      true);
  t.call = [ctx](const json& args, mcp::ToolContext&) {
    return capabilities_call(*ctx, args);
  };
  return t;
}

mcp::Tool suggest_syscalls_tool(SharedContext ctx) {
  mcp::Tool t = make_tool(
      "suggest_syscalls", "Suggest syscalls for a problem",
      "Given a problem in words (\"file not found\", \"slow network\", "
      "\"permission denied\"), the syscalls of this kernel worth tracing, "
      "each with a reason and a ready trace.py spec for the trace tool "
      "(or its name for trace_syscalls' syscalls).",
      input_schema({{"description", {{"type", "string"}, {"maxLength", 4096}}}},
                   {"description"}),
      output_schema({{"suggestions", {{"type", "array"}}},
                     {"matched", {{"type", "array"}}},
                     {"hint", {{"type", "string"}}}}),
      true);
  t.call = [ctx](const json& args, mcp::ToolContext&) {
    return suggest_call(*ctx, args);
  };
  return t;
}

} // namespace sctrace::tools
