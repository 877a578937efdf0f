// What sctrace tells an MCP client about itself (server_info.h).
#include "tools/server_info.h"

namespace sctrace::tools {

namespace {

const char* const kInstructions =
    "sctrace traces Linux syscalls with bpftrace on this machine. Start "
    "with `capabilities` (what the machine supports) and "
    "`suggest_syscalls` (which syscalls fit a question). `trace_syscalls` "
    "traces a process, command name or the whole system for a few "
    "seconds and returns decoded events, a summary and a digest (counts, "
    "errors by errno, top processes, failing paths); `count_syscalls`, "
    "`syscall_latency` and `slow_syscalls` return statistics; `trace` "
    "runs trace.py probe specs; `get_trace_events` pages through a long "
    "result; `explain_program` shows the bpftrace program a request would "
    "run, without running it. Errors are results with {\"error\": {code, "
    "message, hint}}: follow the hint.";

} // namespace

mcp::ServerInfo server_info(std::string version) {
  mcp::ServerInfo info;
  info.name = "sctrace";
  info.version = std::move(version);
  info.title = "sctrace: Linux syscall tracing with bpftrace";
  info.instructions = kInstructions;
  return info;
}

} // namespace sctrace::tools
