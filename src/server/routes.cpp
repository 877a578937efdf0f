// The routes: each one admitted (rate, then token), its body read within
// max_body_bytes and parsed, then one Backend call; fallbacks for every
// method answer 404 or 405. See server.h for the protocol.
#include <cctype>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "server/auth.h"
#include "server/follow_stream.h"
#include "server/json_body.h"
#include "server/query.h"
#include "server/server_impl.h"

namespace sctrace::server {

void send_reply(httplib::Response& res, const Reply& given) {
  const Reply reply =
      given.status >= 200 && given.status <= 599
          ? given
          : error_reply(500, "internal",
                        "the backend answered with HTTP status " +
                            std::to_string(given.status) + ", which is not one",
                        "report it with the server's log");
  res.status = reply.status;
  const nlohmann::json& body =
      reply.body.is_object() ? reply.body : nlohmann::json::object();
  res.set_content(
      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
      "application/json");
  if (reply.status == 401)
    res.set_header("WWW-Authenticate", "Bearer realm=\"sctrace\"");
}

Reply unauthorized_reply() {
  return error_reply(401, "unauthorized",
                     "this route needs the server's bearer token, and the "
                     "request had none or a wrong one",
                     "send `Authorization: Bearer TOKEN` with the token from "
                     "the server's token file");
}

Reply too_large_reply(std::size_t max_bytes) {
  return error_reply(413, "body_too_large",
                     "the request body is larger than the server's limit of " +
                         std::to_string(max_bytes) + " bytes",
                     "send a smaller body (see limits.max_body_bytes in GET "
                     "/v1/capabilities)");
}

namespace {

using httplib::ContentReader;
using httplib::Request;
using httplib::Response;

const char* const kId = "([A-Za-z0-9_.:-]{1,128})";

// The routes and their methods, for 405 (and Allow) against 404. In a
// path, "{id}" stands for one segment that kId matches (without std::regex
// here: the routes themselves are httplib's regexes).
struct KnownRoute {
  std::string_view path;
  const char* allow;
};
constexpr KnownRoute kKnownRoutes[] = {{"/healthz", "GET, HEAD"},
                                       {"/v1/requests", "POST"},
                                       {"/v1/traces", "GET, HEAD, POST"},
                                       {"/v1/traces/{id}", "GET, HEAD, DELETE"},
                                       {"/v1/traces/{id}/events", "GET, HEAD"},
                                       {"/v1/capabilities", "GET, HEAD"},
                                       {"/v1/suggest", "POST"},
                                       {"/mcp", "POST, DELETE"}};

bool is_id(std::string_view segment) {
  if (segment.empty() || segment.size() > 128)
    return false;
  for (char c : segment)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' &&
        c != ':' && c != '-')
      return false;
  return true;
}

bool route_matches(std::string_view pattern, std::string_view path) {
  constexpr std::string_view id = "{id}";
  const std::size_t at = pattern.find(id);
  if (at == std::string_view::npos)
    return pattern == path;
  if (path.substr(0, at) != pattern.substr(0, at))
    return false;
  const std::string_view after = pattern.substr(at + id.size());
  const std::size_t end = path.find('/', at);
  const std::string_view segment =
      path.substr(at, end == std::string_view::npos ? end : end - at);
  return is_id(segment) && path.substr(at + segment.size()) == after;
}

bool has_body(const Request& req) {
  return req.has_header("Transfer-Encoding") ||
         req.get_header_value<std::uint64_t>("Content-Length") > 0;
}

} // namespace

std::optional<Reply> read_body(const Request& req, Response& res,
                               const ContentReader* reader, std::size_t max,
                               std::string& body) {
  if (!reader || !has_body(req))
    return std::nullopt;
  if (req.get_header_value<std::uint64_t>("Content-Length") > max) {
    res.set_header("Connection", "close"); // the body stays unread
    return too_large_reply(max);
  }
  if (req.is_multipart_form_data()) {
    // httplib would split it into parts; the routes take one JSON body.
    res.set_header("Connection", "close");
    return error_reply(415, "unsupported_media_type",
                       "the request body is multipart/form-data; the "
                       "server reads one JSON object",
                       "send the JSON object itself as the body (e.g. "
                       "curl --data-binary @file.json)");
  }
  bool too_large = false;
  const bool ok = (*reader)([&](const char* data, std::size_t n) {
    too_large = body.size() + n > max;
    if (!too_large)
      body.append(data, n);
    return !too_large;
  });
  if (too_large || res.status == 413) {
    res.set_header("Connection", "close");
    return too_large_reply(max);
  }
  if (!ok)
    return error_reply(400, "bad_body",
                       "the request body could not be read: it broke off, "
                       "or its chunks or Content-Encoding are invalid",
                       "send the body again, plain or gzip-encoded");
  return std::nullopt;
}

void drain_body(const Request& req, Response& res, const ContentReader* reader,
                std::size_t max) {
  std::string dropped;
  if (read_body(req, res, reader, max, dropped))
    res.set_header("Connection", "close");
}

std::optional<Reply> admit(Server::Impl& s, const Request& req, Access access,
                           Response& res) {
  const RateLimiter::Decision rate = s.limiter.take(req.remote_addr);
  if (!rate.allowed) {
    res.set_header("Retry-After", std::to_string(rate.retry_after_seconds));
    return error_reply(429, "rate_limited",
                       "too many requests from " + req.remote_addr +
                           ": the server allows " +
                           std::to_string(s.options.rate_per_second) +
                           " a second (bursts of " +
                           std::to_string(s.options.rate_burst) + ")",
                       "wait " + std::to_string(rate.retry_after_seconds) +
                           " s (Retry-After) and send fewer requests");
  }
  if (access == Access::Token &&
      !authorized(req.get_header_value("Authorization"), s.options.token))
    return unauthorized_reply();
  return std::nullopt;
}

namespace {

enum class BodyKind { None, JsonObject };
// A route's meaning: a reply, or nullopt when it wrote the response itself.
using Handler = std::function<std::optional<Reply>(const Request&, Response&,
                                                   const nlohmann::json& body)>;

// Every route: admit, read and parse the body, then the handler.
void serve(Server::Impl& s, const Request& req, Response& res,
           const ContentReader* reader, Access access, BodyKind kind,
           const Handler& handler) {
  const std::size_t max = s.options.max_body_bytes;
  if (auto refusal = admit(s, req, access, res)) {
    drain_body(req, res, reader, max);
    send_reply(res, *refusal);
    return;
  }
  std::string text;
  if (auto error = read_body(req, res, reader, max, text)) {
    send_reply(res, *error);
    return;
  }
  nlohmann::json body = nlohmann::json::object();
  if (kind == BodyKind::JsonObject)
    if (auto error = parse_json_object(text, body)) {
      send_reply(res, *error);
      return;
    }
  if (auto reply = handler(req, res, body))
    send_reply(res, *reply);
}

std::optional<Reply> follow(Server::Impl& s, const std::string& id,
                            const EventsQuery& query, Response& res) {
  Reply trace = s.backend.get_trace(id);
  if (trace.status >= 400)
    return trace;
  auto stream = std::make_shared<FollowStream>(
      s.backend, id, query.cursor, query.limit,
      FollowStream::Clock::now() + s.options.follow_max, s.listen.stopping);
  res.status = 200;
  res.set_header("Cache-Control", "no-store");
  res.set_chunked_content_provider(
      "application/x-ndjson", [stream](std::size_t, httplib::DataSink& sink) {
        if (!sink.is_writable())
          return false; // the client went away
        const FollowStream::Step step = stream->next();
        if (!step.lines.empty() &&
            !sink.write(step.lines.data(), step.lines.size()))
          return false;
        if (step.finished)
          sink.done();
        return true;
      });
  return std::nullopt;
}

std::optional<Reply> events(Server::Impl& s, const Request& req,
                            Response& res) {
  auto parsed = parse_events_query(req.params);
  if (auto* error = std::get_if<Reply>(&parsed))
    return *error;
  const EventsQuery& query = std::get<EventsQuery>(parsed);
  const std::string id = req.matches[1];
  if (query.follow)
    return follow(s, id, query, res);
  return s.backend.events(id, query.cursor, query.limit);
}

Reply capabilities(Server::Impl& s) {
  Reply reply = s.backend.capabilities();
  if (reply.status >= 400 || !reply.body.is_object())
    return reply;
  nlohmann::json& limits = reply.body["limits"];
  if (!limits.is_object())
    limits = nlohmann::json::object();
  limits.update({{"max_body_bytes", s.options.max_body_bytes},
                 {"rate_per_second", s.options.rate_per_second},
                 {"rate_burst", s.options.rate_burst},
                 {"threads", s.options.threads},
                 {"tls", !s.options.tls_cert.empty()}});
  return reply;
}

// No route has this method and path: 405 (with Allow) when the path is a
// route's, else 404.
std::optional<Reply> no_route(const Server::Impl& s, const Request& req,
                              Response& res) {
  for (const KnownRoute& route : kKnownRoutes)
    if (route_matches(route.path, req.path) &&
        (route.path != "/mcp" || s.options.mcp_tools)) {
      res.set_header("Allow", route.allow);
      return error_reply(405, "method_not_allowed",
                         req.method + " is not a method of " + req.path,
                         std::string("use ") + route.allow);
    }
  return error_reply(404, "not_found", "no route " + req.path,
                     "see the API documentation for the routes (all under "
                     "/v1/, and /healthz)");
}

} // namespace

} // namespace sctrace::server

namespace sctrace::server {

namespace {

// A route without a body (GET, HEAD, OPTIONS).
httplib::Server::Handler plain(Server::Impl& s, Access access,
                               Handler handler) {
  return [&s, access, handler](const Request& req, Response& res) {
    serve(s, req, res, nullptr, access, BodyKind::None, handler);
  };
}

// A route whose body the server reads itself (POST, PUT, PATCH, DELETE),
// bounded by max_body_bytes.
httplib::Server::HandlerWithContentReader
with_body(Server::Impl& s, BodyKind kind, Handler handler) {
  return [&s, kind, handler](const Request& req, Response& res,
                             const ContentReader& reader) {
    serve(s, req, res, &reader, Access::Token, kind, handler);
  };
}

Access fallback_access(const Request& req) {
  return req.path == "/healthz" ? Access::Open : Access::Token;
}

} // namespace

void Server::Impl::install_routes() {
  Server::Impl& s = *this;
  const std::string trace = std::string("/v1/traces/") + kId;
  http->Get("/healthz", plain(s, Access::Open, [](auto&, auto&, auto&) {
              return std::optional<Reply>(Reply{200, {{"status", "ok"}}});
            }));
  http->Get("/v1/capabilities",
            plain(s, Access::Token, [&s](auto&, auto&, auto&) {
              return std::optional<Reply>(capabilities(s));
            }));
  http->Get("/v1/traces", plain(s, Access::Token, [&s](auto&, auto&, auto&) {
              return std::optional<Reply>(s.backend.list_traces());
            }));
  http->Get(trace,
            plain(s, Access::Token, [&s](const Request& req, auto&, auto&) {
              return std::optional<Reply>(s.backend.get_trace(req.matches[1]));
            }));
  http->Get(
      trace + "/events",
      plain(s, Access::Token, [&s](const Request& req, Response& res, auto&) {
        return events(s, req, res);
      }));
  http->Post("/v1/requests",
             with_body(s, BodyKind::JsonObject, [&s](auto&, auto&, auto& b) {
               return std::optional<Reply>(s.backend.run_request(b));
             }));
  http->Post("/v1/traces",
             with_body(s, BodyKind::JsonObject, [&s](auto&, auto&, auto& b) {
               return std::optional<Reply>(s.backend.start_trace(b));
             }));
  http->Post("/v1/suggest",
             with_body(s, BodyKind::JsonObject, [&s](auto&, auto&, auto& b) {
               return std::optional<Reply>(s.backend.suggest(b));
             }));
  http->Delete(
      trace,
      with_body(s, BodyKind::None, [&s](const Request& req, auto&, auto&) {
        return std::optional<Reply>(s.backend.stop_trace(req.matches[1]));
      }));
  install_mcp_routes();
  install_fallbacks();
}

void Server::Impl::install_fallbacks() {
  Server::Impl& s = *this;
  const Handler fallback = [&s](const Request& req, Response& res,
                                const nlohmann::json&) {
    return no_route(s, req, res);
  };
  auto plain_fallback = [&s, fallback](const Request& req, Response& res) {
    serve(s, req, res, nullptr, fallback_access(req), BodyKind::None, fallback);
  };
  auto body_fallback = [&s, fallback](const Request& req, Response& res,
                                      const ContentReader& reader) {
    serve(s, req, res, &reader, fallback_access(req), BodyKind::None, fallback);
  };
  http->Get(".*", plain_fallback);
  http->Options(".*", plain_fallback);
  http->Post(".*", body_fallback);
  http->Put(".*", body_fallback);
  http->Patch(".*", body_fallback);
  http->Delete(".*", body_fallback);
}

} // namespace sctrace::server
