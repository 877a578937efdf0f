// POST and DELETE /mcp: MCP's Streamable HTTP transport over the
// sessions of McpSessions. See server.h for the protocol.
#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "server/auth.h"
#include "server/mcp_body.h"
#include "server/mcp_call.h"
#include "server/mcp_headers.h"
#include "server/server_impl.h"
#include "spec/json_text.h"

namespace sctrace::server {

namespace {

using httplib::ContentReader;
using httplib::Request;
using httplib::Response;

const char* const kSessionHeader = "Mcp-Session-Id";
const char* const kVersionHeader = "MCP-Protocol-Version";

// A refusal of the transport: a JSON-RPC error without id, its
// machine-readable code and a hint under error.data.
Reply rpc_error(int status, int code, std::string message,
                std::string error_code, std::string hint) {
  return Reply{status,
               {{"jsonrpc", "2.0"},
                {"id", nullptr},
                {"error",
                 {{"code", code},
                  {"message", std::move(message)},
                  {"data", {{"code", error_code}, {"hint", hint}}}}}}};
}

// DNS-rebinding protection: an Origin (when sent) must name this host,
// and so must Host when the server listens on loopback only.
std::optional<Reply> check_origin(const Server::Impl& s, const Request& req) {
  const std::string bound = s.options.host;
  const std::string host = host_name_of(req.get_header_value("Host"));
  if (req.has_header("Host") && is_loopback_host(bound) &&
      !allowed_host(host, bound))
    return rpc_error(
        403, -32000,
        "the Host header names " + host + ", not this server (listening on " +
            bound + "): refused as a possible DNS-rebinding attack",
        "forbidden_host", "connect as localhost, 127.0.0.1 or [::1]");
  if (!req.has_header("Origin"))
    return std::nullopt;
  const std::string origin = origin_host(req.get_header_value("Origin"));
  if (allowed_host(origin, bound) ||
      (!origin.empty() && origin == host && !is_loopback_host(bound)))
    return std::nullopt;
  return rpc_error(403, -32000,
                   "the Origin " + req.get_header_value("Origin") +
                       " is not this server's: a web page from another "
                       "site may not call /mcp",
                   "forbidden_origin",
                   "send no Origin, or one of this server's host");
}

// The MCP-Protocol-Version header, when sent, must be a version we speak.
std::optional<Reply> check_version(const Request& req) {
  if (!req.has_header(kVersionHeader) ||
      supported_version(req.get_header_value(kVersionHeader)))
    return std::nullopt;
  std::string versions;
  for (const std::string& v : mcp::supported_protocol_versions())
    versions += (versions.empty() ? "" : ", ") + v;
  return rpc_error(400, -32600,
                   "MCP-Protocol-Version " +
                       req.get_header_value(kVersionHeader) +
                       " is not a version this server speaks",
                   "unsupported_protocol_version", "use one of " + versions);
}

// Rate, Origin and Host, token, protocol version: the refusal, if any.
std::optional<Reply> admit_mcp(Server::Impl& s, const Request& req,
                               Response& res) {
  if (auto refusal = admit(s, req, Access::Open, res))
    return refusal;
  if (auto refusal = check_origin(s, req))
    return refusal;
  if (!authorized(req.get_header_value("Authorization"), s.options.token))
    return unauthorized_reply();
  return check_version(req);
}

// What a POST must say about its media types.
std::optional<Reply> check_media(const Request& req) {
  if (!accepts_mcp(req.get_header_value("Accept")))
    return rpc_error(406, -32000,
                     "the Accept header (" + req.get_header_value("Accept") +
                         ") does not allow both application/json and "
                         "text/event-stream, which /mcp answers with",
                     "not_acceptable",
                     "send `Accept: application/json, text/event-stream`");
  if (!is_json_media_type(req.get_header_value("Content-Type")))
    return rpc_error(
        415, -32000,
        "the Content-Type is \"" + req.get_header_value("Content-Type") +
            "\"; /mcp reads JSON-RPC messages as JSON",
        "unsupported_media_type", "send `Content-Type: application/json`");
  return std::nullopt;
}

} // namespace

} // namespace sctrace::server

namespace sctrace::server {

namespace {

struct Target {
  std::shared_ptr<McpSession> session;
  std::string created_id; // set when this request made the session
};

std::variant<Target, Reply> session_for(Server::Impl& s, const Request& req,
                                        const McpBody& body) {
  if (body.initialize) {
    auto created = s.mcp_sessions->create();
    if (!created.ok())
      return rpc_error(
          503, -32000,
          "cannot start an MCP session: " + created.error().message, "busy",
          "end idle sessions (DELETE /mcp) or retry later");
    return Target{created->session, created->id};
  }
  if (!req.has_header(kSessionHeader))
    return rpc_error(400, -32000,
                     "the request has no Mcp-Session-Id header, and only "
                     "initialize may come without one",
                     "missing_session",
                     "send initialize first, then its Mcp-Session-Id "
                     "with every request");
  auto session = s.mcp_sessions->find(req.get_header_value(kSessionHeader));
  if (!session)
    return rpc_error(404, -32001,
                     "no MCP session " + req.get_header_value(kSessionHeader) +
                         ": it never existed, was deleted, or expired after "
                         "being idle",
                     "unknown_session",
                     "start a new session with initialize (without "
                     "Mcp-Session-Id)");
  return Target{std::move(session), ""};
}

// tools/call: progress notifications then the response as SSE events,
// a keep-alive comment each idle second (which also notices a client
// that went away: its call is then cancelled).
// One of Server::Impl::mcp_streams, held while a stream's provider lives.
struct StreamSlot {
  explicit StreamSlot(std::atomic<int>& n) : count(n) { ++count; }
  ~StreamSlot() { --count; }
  StreamSlot(const StreamSlot&) = delete;
  StreamSlot& operator=(const StreamSlot&) = delete;
  std::atomic<int>& count;
};

// A 503 when half of the worker threads stream calls already.
std::optional<Reply> refuse_stream(Server::Impl& s) {
  const int most = std::max(1, s.options.threads / 2);
  if (s.mcp_streams.load() < most)
    return std::nullopt;
  return rpc_error(503, -32000,
                   "busy: " + std::to_string(most) +
                       " MCP tool calls are running on this server, the "
                       "most it allows at once (half of --threads)",
                   "busy",
                   "wait for a call to end or cancel one, then retry; the "
                   "operator can raise --threads");
}

void answer_stream(Server::Impl& s, Response& res, Target target,
                   nlohmann::json message, std::vector<nlohmann::json> ids) {
  auto slot = std::make_shared<StreamSlot>(s.mcp_streams);
  auto call = std::make_shared<McpCall>(std::move(target.session),
                                        std::move(message), std::move(ids));
  res.status = 200;
  res.set_header("Cache-Control", "no-store");
  const std::atomic<bool>& stopping = s.listen.stopping;
  res.set_chunked_content_provider(
      "text/event-stream",
      [call, slot, &stopping](std::size_t, httplib::DataSink& sink) {
        if (stopping)
          call->cancel();
        McpCall::Step step = call->next(std::chrono::milliseconds(1000));
        if (step.text.empty() && !step.finished)
          step.text = ": keep-alive\n\n";
        if (!step.text.empty() &&
            !sink.write(step.text.data(), step.text.size())) {
          call->cancel(); // the client went away
          return false;
        }
        if (step.finished)
          sink.done();
        return true;
      });
}

// Any other body: what the Connection sends, as one JSON answer; 202
// when it sends nothing. A body without requests that still gets an
// answer (an invalid message) is a 400 with it.
void answer_json(Server::Impl& s, Response& res, const Target& target,
                 const nlohmann::json& message, const McpBody& body) {
  nlohmann::json sent = nlohmann::json::array();
  std::mutex sent_mutex; // `out` may be called from several threads
  target.session->connection().handle(
      message, [&sent, &sent_mutex](const nlohmann::json& m) {
        std::lock_guard lock(sent_mutex);
        sent.push_back(m);
      });
  target.session->touch();
  if (!target.created_id.empty()) {
    if (sent.size() == 1 && sent[0].contains("result"))
      res.set_header(kSessionHeader, target.created_id);
    else
      s.mcp_sessions->end(target.created_id); // initialize failed
  }
  if (sent.empty()) {
    res.status = 202;
    return;
  }
  res.status = body.request_ids.empty() ? 400 : 200;
  res.set_content(
      (sent.size() == 1 ? sent[0] : sent)
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
      "application/json");
}

} // namespace

} // namespace sctrace::server

namespace sctrace::server {

namespace {

// The parsed body, or the refusal: the transport's checks, the body
// limit, then JSON (a parse error is a 400 with JSON-RPC's -32700).
std::variant<nlohmann::json, Reply> read_message(Server::Impl& s,
                                                 const Request& req,
                                                 Response& res,
                                                 const ContentReader& reader) {
  const std::size_t max = s.options.max_body_bytes;
  std::optional<Reply> refusal = admit_mcp(s, req, res);
  if (!refusal)
    refusal = check_media(req);
  if (refusal) {
    drain_body(req, res, &reader, max);
    return *refusal;
  }
  std::string text;
  if (auto error = read_body(req, res, &reader, max, text))
    return *error;
  auto parsed = spec::parse_json_text(text, "request body");
  if (!parsed.ok())
    return rpc_error(
        400, -32700, "the body is not JSON: " + parsed.error().message,
        "parse_error", "send one JSON-RPC message (or a batch) as JSON");
  return std::move(parsed).value();
}

void post_mcp(Server::Impl& s, const Request& req, Response& res,
              const ContentReader& reader) {
  auto read = read_message(s, req, res, reader);
  if (auto* refusal = std::get_if<Reply>(&read)) {
    send_reply(res, *refusal);
    return;
  }
  nlohmann::json& message = std::get<nlohmann::json>(read);
  const McpBody body = classify_mcp_body(message);
  auto target = session_for(s, req, body);
  if (auto* refusal = std::get_if<Reply>(&target)) {
    send_reply(res, *refusal);
    return;
  }
  if (body.streams) {
    if (auto busy = refuse_stream(s)) {
      send_reply(res, *busy);
      return;
    }
    answer_stream(s, res, std::move(std::get<Target>(target)),
                  std::move(message), body.request_ids);
  } else
    answer_json(s, res, std::get<Target>(target), message, body);
}

void delete_mcp(Server::Impl& s, const Request& req, Response& res,
                const ContentReader& reader) {
  if (auto refusal = admit_mcp(s, req, res)) {
    drain_body(req, res, &reader, s.options.max_body_bytes);
    send_reply(res, *refusal);
    return;
  }
  drain_body(req, res, &reader, s.options.max_body_bytes);
  if (!req.has_header(kSessionHeader)) {
    send_reply(res, rpc_error(400, -32000,
                              "DELETE /mcp needs the Mcp-Session-Id header "
                              "of the session to end",
                              "missing_session", "send Mcp-Session-Id"));
    return;
  }
  const std::string id = req.get_header_value(kSessionHeader);
  if (!s.mcp_sessions->end(id)) {
    send_reply(res, rpc_error(404, -32001,
                              "no MCP session " + id +
                                  ": it never existed, was deleted, or "
                                  "expired after being idle",
                              "unknown_session", "nothing to end"));
    return;
  }
  res.status = 204;
}

} // namespace

void Server::Impl::install_mcp_routes() {
  if (!options.mcp_tools)
    return;
  mcp_sessions = std::make_unique<McpSessions>(
      *options.mcp_tools, options.mcp_info, options.mcp_max_sessions,
      options.mcp_idle_ttl);
  Server::Impl& s = *this;
  http->Post("/mcp", [&s](const Request& req, Response& res,
                          const ContentReader& reader) {
    post_mcp(s, req, res, reader);
  });
  http->Delete("/mcp", [&s](const Request& req, Response& res,
                            const ContentReader& reader) {
    delete_mcp(s, req, res, reader);
  });
}

} // namespace sctrace::server
