#include "server/server.h"

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <thread>
#include <unistd.h>

#include "server/auth.h"
#include "server/listener.h"
#include "server/request_log.h"
#include "server/server_impl.h"

namespace sctrace::server {

Server::Impl::Impl(ServerOptions opts, Backend& b)
    : options(std::move(opts)), backend(b),
      limiter(options.rate_per_second, options.rate_burst) {}

Server::Server(ServerOptions options, Backend& backend)
    : impl_(std::make_unique<Impl>(std::move(options), backend)) {}

Server::~Server() {
  stop();
}

namespace {

Result<void> check_options(const ServerOptions& o) {
  auto invalid = [](std::string message) {
    return make_error(ErrorKind::Invalid, std::move(message));
  };
  if (o.token.empty())
    return invalid("the server has no bearer token: give one (a token "
                   "file) so that only its holders can start traces");
  if (o.tls_cert.empty() != o.tls_key.empty())
    return invalid("HTTPS needs both a certificate and its private key; "
                   "only one was given: give both, or neither for HTTP");
  if (o.port < 0 || o.port > 65535)
    return invalid("port " + std::to_string(o.port) +
                   " is out of range: give 1..65535, or 0 for any free port");
  if (o.max_body_bytes == 0 || o.rate_per_second <= 0 || o.rate_burst < 1)
    return invalid("the body limit, rate and burst must be positive");
  if (o.threads < 1 || o.threads > 256)
    return invalid("threads " + std::to_string(o.threads) +
                   " is out of range: give 1..256");
  if (o.follow_max.count() < 1)
    return invalid("the longest follow stream must be at least 1 second");
  return Ok{};
}

Result<std::unique_ptr<httplib::Server>> make_http(const ServerOptions& o) {
  if (o.tls_cert.empty())
    return std::make_unique<httplib::Server>();
  for (const std::string* file : {&o.tls_cert, &o.tls_key})
    if (::access(file->c_str(), R_OK) != 0)
      return make_error(ErrorKind::Io, "cannot read TLS file " + *file + ": " +
                                           std::strerror(errno));
  auto tls = std::make_unique<httplib::SSLServer>(o.tls_cert.c_str(),
                                                  o.tls_key.c_str());
  if (!tls->is_valid())
    return make_error(ErrorKind::Invalid,
                      "cannot use TLS certificate " + o.tls_cert +
                          " with key " + o.tls_key +
                          ": check that both are PEM and that the key is "
                          "the certificate's");
  return std::unique_ptr<httplib::Server>(std::move(tls));
}

} // namespace

Result<int> Server::bind() {
  Impl& s = *impl_;
  SCTRACE_TRY(check_options(s.options));
  ::signal(SIGPIPE, SIG_IGN);
  SCTRACE_TRY_ASSIGN(http, make_http(s.options));
  s.http = std::move(http);
  const int threads = s.options.threads;
  s.http->new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(threads));
  };
  s.http->set_payload_max_length(s.options.max_body_bytes);
  s.http->set_read_timeout(5, 0);
  s.http->set_write_timeout(5, 0);
  // An idle keep-alive connection holds a worker, and stop(), this long.
  s.http->set_keep_alive_timeout(2);
  s.install_hooks();
  s.install_routes();
  return bind_listener(*s.http, s.options.host, s.options.port);
}

void Server::run() {
  Impl& s = *impl_;
  if (s.http)
    run_listener(*s.http, s.listen);
}

void Server::stop() {
  Impl& s = *impl_;
  stop_listener(s.http.get(), s.listen);
}

} // namespace sctrace::server

// ---- protocol hooks -------------------------------------------------------

namespace sctrace::server {

namespace {

using Clock = std::chrono::steady_clock;
// When the request this worker thread handles began (set at its first
// hook, cleared by the logger).
thread_local std::optional<Clock::time_point> t_request_start;

void mark_start() {
  if (!t_request_start)
    t_request_start = Clock::now();
}

// The body of an error httplib made itself (no route wrote one).
Reply default_error(int status) {
  switch (status) {
  case 400:
    return error_reply(400, "bad_request",
                       "the request is not valid HTTP/1.1 (request line, "
                       "headers or body framing)",
                       "send a well-formed HTTP/1.1 request");
  case 404:
    return error_reply(404, "not_found", "no such route",
                       "see GET /v1/capabilities and the API documentation");
  case 413:
    return error_reply(413, "body_too_large", "the request body is too large",
                       "send a smaller body");
  case 414:
    return error_reply(414, "uri_too_long", "the request URI is too long",
                       "send a shorter path and query");
  default:
    return error_reply(status, "http_error",
                       "the request failed with HTTP status " +
                           std::to_string(status),
                       "check the request against the API documentation");
  }
}

void log_request(const httplib::Request& req, const httplib::Response& res) {
  double ms = 0;
  if (t_request_start)
    ms = std::chrono::duration<double, std::milli>(Clock::now() -
                                                   *t_request_start)
             .count();
  t_request_start.reset();
  write_request_log(format_request_log(req.method, req.path, res.status, ms));
}

void on_exception(const httplib::Request&, httplib::Response& res,
                  std::exception_ptr ep) {
  std::string what = "an unknown exception";
  try {
    if (ep)
      std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  res.headers.clear();
  send_reply(res, error_reply(500, "internal",
                              "the server failed while handling the "
                              "request: " +
                                  what,
                              "retry; if it fails again, report it with "
                              "the server's log"));
}

} // namespace

void Server::Impl::install_hooks() {
  http->set_logger(log_request);
  http->set_exception_handler(on_exception);
  http->set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty())
          send_reply(res, default_error(res.status));
        // Handled: httplib then sets Content-Length (apply_ranges), which
        // it does not for an error it answers without routing.
        return httplib::Server::HandlerResponse::Handled;
      }));
  http->set_pre_routing_handler(
      [](const httplib::Request&, httplib::Response&) {
        mark_start();
        return httplib::Server::HandlerResponse::Unhandled;
      });
  // `Expect: 100-continue`: refuse a missing token or a body too large
  // before the client sends it.
  http->set_expect_100_continue_handler([this](const httplib::Request& req,
                                               httplib::Response& res) {
    mark_start();
    const auto length = req.get_header_value<std::uint64_t>("Content-Length");
    if (length > options.max_body_bytes) {
      send_reply(res, too_large_reply(options.max_body_bytes));
      return 413;
    }
    if (req.path != "/healthz" &&
        !authorized(req.get_header_value("Authorization"), options.token)) {
      send_reply(res, unauthorized_reply());
      return 401;
    }
    return 100;
  });
}

} // namespace sctrace::server
