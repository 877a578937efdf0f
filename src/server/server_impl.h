// The server's state, shared by server.cpp (setup, protocol hooks) and
// routes.cpp (the routes). The only header that includes httplib.h; it is
// not installed and included by those two files only.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/rate_limit.h"
#include "server/server.h"

namespace sctrace::server {

struct Server::Impl {
  Impl(ServerOptions options, Backend& backend);

  ServerOptions options;
  Backend& backend;
  RateLimiter limiter;
  std::unique_ptr<httplib::Server> http;
  std::atomic<bool> stopping{false};
  std::atomic<bool> in_run{false};

  // server.cpp: error, exception, Expect and logging hooks.
  void install_hooks();
  // routes.cpp: every route, and the 404/405 fallbacks.
  void install_routes();
  void install_fallbacks();
};

// Writes reply as the response: status, JSON body, application/json, and
// WWW-Authenticate for a 401. A status outside 200..599 becomes a 500.
void send_reply(httplib::Response& res, const Reply& reply);

// The 401 of a missing or wrong token.
Reply unauthorized_reply();
// The 413 of a body past max_bytes.
Reply too_large_reply(std::size_t max_bytes);

} // namespace sctrace::server
