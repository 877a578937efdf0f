#include "cli/serve_command.h"

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "cli/exit_codes.h"
#include "cli/signals.h"
#include "remote/service.h"
#include "tools/server_info.h"
#include "tools/tools.h"

namespace sctrace::cli {

namespace {

int fail(const Error& e) {
  std::cerr << "sctrace serve: error: " << e.message << "\n";
  return exit_code_for(e);
}

// Stops SERVER once the stop flag is raised or DONE is set.
void watch_signals(server::Server& server, const volatile std::sig_atomic_t* f,
                   const std::atomic<bool>& done) {
  while (!done && *f == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.stop();
}

Result<void> load_token(ServeCommand& c) {
  bool created = false;
  SCTRACE_TRY_ASSIGN(token,
                     server::load_or_create_token(c.token_file, created));
  if (created)
    std::cerr << "sctrace serve: generated a new token in " << c.token_file
              << " (mode 0600); clients send it as `Authorization: Bearer "
                 "TOKEN`\n";
  c.server.token = token;
  SCTRACE_TRY_ASSIGN(address, parse_listen(c.listen, kServePort));
  c.server.host = address.first;
  c.server.port = address.second;
  return Ok{};
}

} // namespace

CLI::App* setup_serve_command(CLI::App& app, ServeCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "serve", "serve the remote tracing API (docs/remote.md) over HTTP");
  cmd->add_option("--listen", c.listen,
                  "HOST:PORT to listen on (default "
                  "127.0.0.1:8642; loopback only unless "
                  "you say otherwise)");
  cmd->add_option("--token-file", c.token_file,
                  "bearer token file (0600); generated when missing")
      ->required();
  cmd->add_option("--tls-cert", c.server.tls_cert, "PEM certificate: HTTPS");
  cmd->add_option("--tls-key", c.server.tls_key, "PEM private key: HTTPS");
  cmd->add_option("--max-body", c.server.max_body_bytes,
                  "largest request body, bytes");
  cmd->add_option("--rate", c.server.rate_per_second,
                  "requests per second per client address");
  cmd->add_option("--burst", c.server.rate_burst,
                  "requests a client address may send at once");
  cmd->add_option("--threads", c.server.threads,
                  "connections served at once (1..256)");
  add_remote_options(*cmd, c.remote);
  return cmd;
}

Result<std::pair<std::string, int>> parse_listen(const std::string& text,
                                                 int example_port) {
  auto colon = text.rfind(':');
  const std::string port_text = std::to_string(example_port);
  Error bad = make_error(ErrorKind::Invalid,
                         "--listen '" + text +
                             "' is not HOST:PORT; e.g. 127.0.0.1:" + port_text +
                             " or [::1]:" + port_text);
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    return bad;
  std::string host = text.substr(0, colon), port = text.substr(colon + 1);
  if (host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535 || host.empty())
    return bad;
  return std::pair{host, std::stoi(port)};
}

int run_serve_command(ServeCommand c) {
  if (auto loaded = load_token(c); !loaded.ok())
    return fail(loaded.error());
  auto runtime = make_remote_runtime(c.remote);
  if (!runtime.ok())
    return fail(runtime.error());
  auto facts = remote::with_environment(
      remote::read_machine_facts(c.remote.bpftrace), (*runtime)->environment);
  // /mcp: the MCP tools over the same manager, catalog and policy.
  const mcp::ToolSet tools = tools::make_tools(tools::ToolsContext{
      (*runtime)->context(c.remote), facts, 100, 1000, std::nullopt});
  c.server.mcp_tools = &tools;
  c.server.mcp_info = tools::server_info(SCTRACE_VERSION);
  remote::Service service((*runtime)->context(c.remote), std::move(facts));
  server::Server server(c.server, service);
  auto port = server.bind();
  if (!port.ok())
    return fail(port.error());
  std::cerr << "sctrace serve: listening on "
            << (c.server.tls_cert.empty() ? "http" : "https") << "://"
            << c.listen.substr(0, c.listen.rfind(':')) << ":" << *port
            << std::endl;
  std::atomic<bool> done{false};
  std::thread watcher(watch_signals, std::ref(server), install_stop_handlers(),
                      std::cref(done));
  server.run();
  done = true;
  watcher.join();
  std::cerr << "sctrace serve: stopped; stopping every trace\n";
  return kExitOk;
}

} // namespace sctrace::cli
