#include "cli/mcp_command.h"

#include <iostream>

#include <unistd.h>

#include "cli/exit_codes.h"
#include "cli/mcp_runtime.h"
#include "cli/signals.h"
#include "mcp/connection.h"
#include "mcp/stdio.h"
#include "tools/server_info.h"

#ifndef SCTRACE_VERSION
#define SCTRACE_VERSION "0"
#endif

namespace sctrace::cli {

CLI::App* setup_mcp_command(CLI::App& app, McpCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "mcp", "serve the tracing tools to an AI agent over MCP (Model "
             "Context Protocol) on stdin/stdout");
  cmd->add_option("--page-events", c.page_events,
                  "events in the first page of a tracing tool's result; "
                  "get_trace_events pages through the rest")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
  add_remote_options(*cmd, c.remote);
  return cmd;
}

int run_mcp_command(McpCommand c) {
  const volatile std::sig_atomic_t* stop = install_stop_handlers();
  McpRuntime rt = make_mcp_runtime(c.remote);
  if (rt.env_error)
    std::cerr << "sctrace mcp: warning: tracing is unavailable: "
              << rt.env_error->message
              << "\n  the server runs; its tracing tools answer this error\n";
  auto tools = make_mcp_tools(rt, c.remote, c.page_events);
  mcp::Connection connection(tools, tools::server_info(SCTRACE_VERSION));
  std::cerr << "sctrace mcp: serving " << tools.size()
            << " tools on stdin/stdout" << std::endl;
  auto served = mcp::serve_stdio(connection, STDIN_FILENO, STDOUT_FILENO, {},
                                 [stop] { return *stop != 0; });
  if (!served.ok()) {
    std::cerr << "sctrace mcp: error: " << served.error().message << "\n";
    return kExitOutput;
  }
  std::cerr << "sctrace mcp: input closed; every call stopped\n";
  return kExitOk;
}

} // namespace sctrace::cli
