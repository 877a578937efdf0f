// The HTTP server of `sctrace serve`: cpp-httplib (Debian's
// libcpp-httplib) over a Backend (backend.h). The server owns the
// protocol; every route but /healthz is one Backend call.
//
// Routes: GET /healthz (no token) -> {"status": "ok"}; POST /v1/requests
// -> run_request; POST /v1/traces -> start_trace; GET /v1/traces ->
// list_traces; GET /v1/traces/{id} ->
// get_trace; GET /v1/traces/{id}/events?cursor=N&limit=M -> events, and
// with follow=1 (or true) an application/x-ndjson chunked stream of one
// event per line (wait_events in rounds of 1 s) until the trace is done,
// the client goes away, the server stops or follow_max passes; DELETE
// /v1/traces/{id} -> stop_trace; GET /v1/capabilities -> capabilities()
// plus the server's limits under "limits"; POST /v1/suggest -> suggest.
//
// Contract:
//  - Every response but a follow stream is a JSON object with Content-Type
//    application/json; errors are {"error": {"code", "message", "hint"}}:
//    401 unauthorized (with WWW-Authenticate: Bearer) for a missing or
//    wrong `Authorization: Bearer TOKEN` on any route but /healthz; 413
//    body_too_large past max_body_bytes (Content-Length, chunked or
//    decompressed: the backend is not called); 400 bad_json (with
//    "position": {"byte", "line", "column"}) or body_not_object; 400
//    bad_query for a bad cursor, limit or follow; 429 rate_limited (with
//    Retry-After) past a client address's token bucket; 404 not_found;
//    405 method_not_allowed (with Allow); 500 internal for an exception.
//  - /mcp (when options.mcp_tools is set; else 404): MCP's Streamable
//    HTTP transport (revisions 2025-03-26, 2025-06-18, 2025-11-25), one
//    mcp::Connection per session, behind the same rate limit, token and
//    body limit. Checked in this order: rate (429), a foreign Origin, or
//    Host when listening on loopback (403, DNS rebinding), token (401),
//    an unsupported MCP-Protocol-Version (400); for POST also Accept
//    allowing application/json and text/event-stream (406), Content-Type
//    application/json (415), body size (413), JSON (400, -32700). POST
//    "initialize" makes a session (Mcp-Session-Id: 32 hex characters;
//    503 past mcp_max_sessions when none is idle to evict); every other
//    POST and DELETE needs that header (400 without, 404 for an unknown,
//    ended or expired one: idle past mcp_idle_ttl). A body without
//    requests is 202 (400 with the error when the Connection refused a
//    message of it); one with tools/call is a text/event-stream of
//    `event: message` events (progress, then the response), with a
//    `: keep-alive` comment each idle second; a client that goes away
//    gets its calls cancelled (notifications/cancelled). Other requests
//    answer application/json. DELETE ends the session (204). GET and
//    other methods: 405 with Allow: POST, DELETE. The transport's own
//    refusals (403, 406, 415, 400, 404, 503) are JSON-RPC error objects
//    with id null and error.data {code, hint}; 401, 413, 429, 405 keep
//    the server's {"error": {...}} shape.
//  - Every request is logged to stderr as one terminal-safe line: method,
//    path without the query, status and milliseconds.
//  - bind() validates the options (Invalid) and binds (System); it sets
//    SIGPIPE to SIG_IGN for the process, as cpp-httplib does. run() serves
//    until stop(); stop() is thread-safe, may come before run() (run()
//    then returns at once) and waits for requests in flight (a follow
//    stream ends within about a second; run_request only when it returns)
//    and for idle keep-alive connections (at most 2 s).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "mcp/connection.h" // mcp::ServerInfo
#include "mcp/tool.h"
#include "server/auth.h" // tokens_equal
#include "server/backend.h"
#include "server/token_file.h" // load_or_create_token
#include "util/result.h"

namespace sctrace::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8642;   // 0: any free port (bind() returns it)
  std::string token; // the bearer token every /v1 route requires; non-empty
  std::string tls_cert, tls_key; // PEM files, both or neither: HTTPS
  std::size_t max_body_bytes = 1 << 20;
  double rate_per_second = 20; // per client address, token bucket
  int rate_burst = 40;
  int threads = 16; // worker threads, 1..256
  std::chrono::seconds follow_max{600};
  // /mcp (MCP Streamable HTTP): these tools, or no /mcp route when null.
  // The tools must outlive the Server.
  const mcp::ToolSet* mcp_tools = nullptr;
  mcp::ServerInfo mcp_info;
  std::size_t mcp_max_sessions = 64;
  std::chrono::seconds mcp_idle_ttl{600};
};

class Server {
public:
  // backend must outlive the Server.
  Server(ServerOptions options, Backend& backend);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Validates the options, loads TLS and binds; returns the bound port.
  Result<int> bind();
  // Serves until stop(). Call once, after a successful bind().
  void run();
  void stop();

  struct Impl;

private:
  std::unique_ptr<Impl> impl_;
};

} // namespace sctrace::server
