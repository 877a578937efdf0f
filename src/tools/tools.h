// The MCP tools of `sctrace mcp` and of /mcp in `sctrace serve`: the
// modes, capabilities and suggestions as mcp::Tools over the remote
// layer (the same TraceManager, jobs, inputs and policy as the HTTP API).
//
// Tools: trace_syscalls (seed 000's input and output), trace (trace.py
// specs), count_syscalls, syscall_latency, slow_syscalls, get_trace_events
// (the pages past a result's first), capabilities, suggest_syscalls and
// explain_program (the bpftrace program for given specs, not run).
//
// Contract: every tool validates its input and answers errors as results
// with is_error and {"error": {code, message, hint}} (codes: not_root,
// no_such_process, unknown_syscall, kprobes_unavailable, invalid_spec
// with line and column, invalid_argument, refused_by_policy, busy,
// not_found, bpftrace_failed, ...). A tracing tool's result holds at most
// `page_events` events, a cursor for the rest, and always the summary.
//
// environment_error: set by a front end whose machine cannot trace (not
// root, no bpftrace, no tracefs): the tracing tools then answer that
// error (not_root for ErrorKind::Permission, else its tool code) instead
// of the server failing to start; capabilities, suggest_syscalls,
// explain_program and get_trace_events still work.
#pragma once

#include <optional>

#include "mcp/tool.h"
#include "remote/capabilities.h"
#include "remote/ebpf_request.h"

namespace sctrace::tools {

struct ToolsContext {
  remote::RequestContext request; // manager, catalog, environment, policy
  remote::MachineFacts facts;     // for capabilities
  std::size_t page_events = 100;  // events in a result's first page
  std::size_t max_page_events = 1000;
  std::optional<Error> environment_error; // why nothing can be traced
};

// ctx.request.manager and .catalog must outlive the tools.
mcp::ToolSet make_tools(const ToolsContext& ctx);

} // namespace sctrace::tools
