// `sctrace serve --listen HOST:PORT --token-file FILE`: the remote API
// (docs/remote.md) over HTTP, or HTTPS with --tls-cert and --tls-key.
// The server (server/server.h) runs the remote Service (remote/service.h)
// over one TraceManager, and /mcp the MCP tools (tools/tools.h) over the
// same manager, catalog and policy.
//
// Contract: the listen address defaults to 127.0.0.1:8642; the token file
// is read (0600, owned by root) or generated on first start, and the
// start says so. Once bound, one line "sctrace serve: listening on
// http[s]://HOST:PORT" goes to stderr (a test or a supervisor can wait for
// it). SIGINT, SIGTERM and SIGHUP stop the server: requests in flight
// end, every trace stops cleanly (drained, loss counted) and no bpftrace
// is left. Exit codes: 0 after a stop, 2 for bad options, 3 when the
// machine cannot trace, 1 when the address cannot be bound.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/remote_options.h"
#include "server/server.h"

namespace sctrace::cli {

inline constexpr int kServePort = 8642;

struct ServeCommand {
  std::string listen = "127.0.0.1:8642";
  std::string token_file;
  server::ServerOptions server;
  RemoteOptions remote;
};

CLI::App* setup_serve_command(CLI::App& app, ServeCommand& c);
int run_serve_command(ServeCommand c);

// "HOST:PORT" or "[V6]:PORT" split; the port 0..65535 (0: any free).
// Shared by serve and exporter: a bad value's error gives examples with
// the caller's default port, example_port.
Result<std::pair<std::string, int>> parse_listen(const std::string& text,
                                                 int example_port);

} // namespace sctrace::cli
