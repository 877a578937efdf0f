#include "cli/mcp_runtime.h"

#include "remote/capabilities.h"
#include "tools/tools.h"

namespace sctrace::cli {

namespace {

std::unique_ptr<RemoteRuntime> stand_in_runtime(const RemoteOptions& o) {
  auto rt = std::make_unique<RemoteRuntime>();
  rt->catalog = std::make_unique<gen::TracefsCatalog>("");
  rt->manager = std::make_unique<manager::TraceManager>(o.limits);
  return rt;
}

// The error the tracing tools answer: a missing privilege stays one
// (not_root); anything else (no bpftrace, no tracefs) is "unsupported".
Error tracing_unavailable(const Error& e) {
  auto kind = e.kind == ErrorKind::Permission ? ErrorKind::Permission
                                              : ErrorKind::Unsupported;
  return make_error(kind, "sctrace cannot trace on this machine: " + e.message);
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

mcp::ToolSet make_mcp_tools(const McpRuntime& rt, const RemoteOptions& o,
                            std::size_t page_events) {
  auto facts = remote::read_machine_facts(o.bpftrace);
  if (!rt.env_error)
    facts = remote::with_environment(std::move(facts), rt.runtime->environment);
  tools::ToolsContext ctx{rt.runtime->context(o), std::move(facts), page_events,
                          1000, std::nullopt};
  if (rt.env_error)
    ctx.environment_error = tracing_unavailable(*rt.env_error);
  return tools::make_tools(ctx);
}

} // namespace sctrace::cli
