// The runtime and tools of `sctrace mcp`, also when the machine cannot
// trace.
//
// Contract of make_mcp_tools():
//  - With a runtime (the environment resolved), the tools of
//    tools::make_tools over it.
//  - Without one (env_error set), a stand-in runtime (no bpftrace, no
//    tracefs, a TraceManager that never gets a job) and the same tools
//    with ToolsContext::environment_error set: capabilities,
//    suggest_syscalls, explain_program and get_trace_events still answer;
//    the tracing tools answer {"error": {code, message, hint}}, code
//    "not_root" for a missing privilege and "unsupported" otherwise, with
//    the environment's error in the message.
#pragma once

#include <memory>
#include <optional>

#include "cli/remote_options.h"
#include "mcp/tool.h"

namespace sctrace::cli {

struct McpRuntime {
  std::unique_ptr<RemoteRuntime> runtime; // never null
  std::optional<Error> env_error;         // why tracing is unavailable
};

// Resolves the environment; never fails (see above).
McpRuntime make_mcp_runtime(const RemoteOptions& options);

// The runtime must outlive the tools.
mcp::ToolSet make_mcp_tools(const McpRuntime& rt, const RemoteOptions& options,
                            std::size_t page_events);

} // namespace sctrace::cli
