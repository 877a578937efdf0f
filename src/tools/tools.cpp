// The MCP tools (tools.h): every tool of tool_list.h, guarded.
#include "tools/tools.h"

#include <exception>

#include "tools/tool_error.h"
#include "tools/tool_list.h"

namespace sctrace::tools {

mcp::Tool guarded(mcp::Tool tool) {
  auto call = std::move(tool.call);
  tool.call = [call, name = tool.name](const nlohmann::json& args,
                                       mcp::ToolContext& ctx) {
    try {
      return call(args, ctx);
    } catch (const std::exception& e) {
      return error_result(
          "internal", name + " failed inside sctrace: " + std::string(e.what()),
          "");
    }
  };
  return tool;
}

mcp::ToolSet make_tools(const ToolsContext& ctx) {
  auto shared = std::make_shared<const ToolsContext>(ctx);
  mcp::ToolSet set;
  for (auto make :
       {trace_syscalls_tool, trace_tool, count_syscalls_tool,
        syscall_latency_tool, slow_syscalls_tool, get_trace_events_tool,
        capabilities_tool, suggest_syscalls_tool, explain_program_tool})
    set.push_back(guarded(make(shared)));
  return set;
}

} // namespace sctrace::tools
