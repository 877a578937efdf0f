#include "cli/mcp_runtime.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "mcp/tool_methods.h"
#include "remote/capabilities.h"
#include "tools/tools.h"

namespace sctrace::cli {

namespace {

// Tools that answer from the machine's facts or tables, not by tracing.
constexpr std::array<std::string_view, 2> kNeedNoEnvironment = {
    "capabilities", "suggest_syscalls"};

std::unique_ptr<RemoteRuntime> stand_in_runtime(const RemoteOptions& o) {
  auto rt = std::make_unique<RemoteRuntime>();
  rt->catalog = std::make_unique<gen::TracefsCatalog>("");
  rt->manager = std::make_unique<manager::TraceManager>(o.limits);
  return rt;
}

mcp::ToolResult refusal(const Error& e) {
  bool privilege = e.kind == ErrorKind::Permission;
  return mcp::error_result(
      privilege ? "not_root" : "environment_unavailable",
      "sctrace cannot trace on this machine: " + e.message,
      privilege ? "run `sctrace mcp` as root (or with CAP_BPF and "
                  "CAP_PERFMON); the capabilities tool shows what is missing"
                : "fix what the message names and restart `sctrace mcp`; "
                  "the capabilities tool shows what this machine offers");
}

} // namespace

McpRuntime make_mcp_runtime(const RemoteOptions& options) {
  McpRuntime rt;
  auto resolved = make_remote_runtime(options);
  if (resolved.ok()) {
    rt.runtime = std::move(*resolved);
    return rt;
  }
  rt.env_error = resolved.error();
  rt.runtime = stand_in_runtime(options);
  return rt;
}

mcp::ToolSet refuse_tools(mcp::ToolSet tools, const Error& e) {
  for (auto& tool : tools) {
    if (std::find(kNeedNoEnvironment.begin(), kNeedNoEnvironment.end(),
                  tool.name) != kNeedNoEnvironment.end())
      continue;
    tool.call = [answer = refusal(e)](const nlohmann::json&,
                                      mcp::ToolContext&) { return answer; };
  }
  return tools;
}

mcp::ToolSet make_mcp_tools(const McpRuntime& rt, const RemoteOptions& o,
                            std::size_t page_events) {
  auto facts = remote::read_machine_facts(o.bpftrace);
  if (!rt.env_error)
    facts = remote::with_environment(std::move(facts), rt.runtime->environment);
  tools::ToolsContext ctx{rt.runtime->context(o), std::move(facts),
                          page_events};
  auto tools = tools::make_tools(ctx);
  if (rt.env_error)
    return refuse_tools(std::move(tools), *rt.env_error);
  return tools;
}

} // namespace sctrace::cli
