// The MCP tools one by one (internal to src/tools/): each factory makes
// one mcp::Tool over a shared ToolsContext. make_tools (tools.h) lists
// them.
#pragma once

#include <memory>

#include "mcp/tool.h"
#include "tools/tools.h"

namespace sctrace::tools {

using SharedContext = std::shared_ptr<const ToolsContext>;

mcp::Tool trace_syscalls_tool(SharedContext ctx);
mcp::Tool slow_syscalls_tool(SharedContext ctx);
mcp::Tool count_syscalls_tool(SharedContext ctx);
mcp::Tool syscall_latency_tool(SharedContext ctx);
mcp::Tool trace_tool(SharedContext ctx);
mcp::Tool get_trace_events_tool(SharedContext ctx);
mcp::Tool capabilities_tool(SharedContext ctx);
mcp::Tool suggest_syscalls_tool(SharedContext ctx);
mcp::Tool explain_program_tool(SharedContext ctx);

// The context's environment_error, when set.
Result<void> can_trace(const ToolsContext& ctx);

// Runs one job to its end (trace_run.h) and answers {trace_id, status,
// events (first page), events_total, events_returned, next_cursor,
// truncated, summary} plus "digest" when with_digest; a failed trace is
// an error result that keeps those fields.
mcp::ToolResult run_job_tool(const ToolsContext& ctx, manager::Job job,
                             double duration, mcp::ToolContext& tctx,
                             bool with_digest);

// The output properties run_job_tool answers with.
nlohmann::json job_output_properties(bool with_digest);

// Guards a tool's call: an exception escaping it (a bug) becomes an
// error result instead of taking the server down.
mcp::Tool guarded(mcp::Tool tool);

} // namespace sctrace::tools
