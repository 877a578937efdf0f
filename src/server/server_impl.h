// The server's state, shared by server.cpp (setup, protocol hooks),
// routes.cpp (the routes) and mcp_routes.cpp (/mcp). The only header that
// includes httplib.h; it is not installed and included by those files
// only.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/listener.h"
#include "server/mcp_sessions.h"
#include "server/rate_limit.h"
#include "server/server.h"

namespace sctrace::server {

struct Server::Impl {
  Impl(ServerOptions options, Backend& backend);

  ServerOptions options;
  Backend& backend;
  RateLimiter limiter;
  std::unique_ptr<httplib::Server> http;
  ListenState listen; // stopping, and whether run() is serving
  // /mcp's sessions; null when options.mcp_tools is (no /mcp route).
  std::unique_ptr<McpSessions> mcp_sessions;
  // /mcp calls streaming now: each holds a worker thread, so at most half
  // of options.threads may (the rest serve /v1, DELETE and the POSTs
  // that cancel them).
  std::atomic<int> mcp_streams{0};

  // server.cpp: error, exception, Expect and logging hooks.
  void install_hooks();
  // routes.cpp: every route, and the 404/405 fallbacks.
  void install_routes();
  void install_fallbacks();
  // mcp_routes.cpp: POST and DELETE /mcp, when options.mcp_tools is set.
  void install_mcp_routes();
};

enum class Access { Open, Token };

// The shared admission of every route: the client address's rate, then
// (for Access::Token) the bearer token. The refusal, if any (with
// Retry-After for a 429).
std::optional<Reply> admit(Server::Impl& s, const httplib::Request& req,
                           Access access, httplib::Response& res);

// Reads the body into `body`, at most max bytes (after any
// Content-Encoding: gzip, deflate or br). nullopt on success, else the
// error reply: 413 past max, 415 for multipart/form-data, 400 for a body
// that breaks off or does not decode.
std::optional<Reply> read_body(const httplib::Request& req,
                               httplib::Response& res,
                               const httplib::ContentReader* reader,
                               std::size_t max, std::string& body);

// Reads and drops the body of a refused request (at most max bytes) so
// that the connection can carry the next request.
void drain_body(const httplib::Request& req, httplib::Response& res,
                const httplib::ContentReader* reader, std::size_t max);

// Writes reply as the response: status, JSON body, application/json, and
// WWW-Authenticate for a 401. A status outside 200..599 becomes a 500.
void send_reply(httplib::Response& res, const Reply& reply);

// The 401 of a missing or wrong token.
Reply unauthorized_reply();
// The 413 of a body past max_bytes.
Reply too_large_reply(std::size_t max_bytes);

} // namespace sctrace::server
