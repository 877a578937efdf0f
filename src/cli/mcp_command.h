// `sctrace mcp`: an MCP server (Model Context Protocol) on stdin/stdout
// for AI agents: the tools of src/tools/ (trace_syscalls, trace, the
// statistics modes, paging, capabilities, suggestions, explain_program)
// over one TraceManager, with the policy and limits of `sctrace serve`.
//
// Contract:
//  - stdout carries only protocol messages (one JSON-RPC message per
//    line); logs go to stderr.
//  - The server starts and answers even when the machine cannot trace
//    (not root, no bpftrace, no tracefs): it says so once on stderr, the
//    capabilities and suggest_syscalls tools still work, and every other
//    tool answers an error result naming what is missing and what to do.
//  - It ends when stdin ends (every call cancelled and waited for: no
//    bpftrace is left) or on SIGINT, SIGTERM or SIGHUP; exit 0. Bad
//    options exit 2.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/remote_options.h"

namespace sctrace::cli {

struct McpCommand {
  RemoteOptions remote;
  std::size_t page_events = 100;
};

CLI::App* setup_mcp_command(CLI::App& app, McpCommand& c);
int run_mcp_command(McpCommand c);

} // namespace sctrace::cli
