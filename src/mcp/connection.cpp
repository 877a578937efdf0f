#include "mcp/connection.h"

#include <mutex>

#include "mcp/cancellation.h"
#include "mcp/jsonrpc.h"
#include "mcp/lifecycle.h"
#include "mcp/progress.h"
#include "mcp/reply.h"
#include "mcp/tool_methods.h"
#include "spec/json_text.h"

namespace sctrace::mcp {

using nlohmann::json;
namespace rpc = jsonrpc;

struct Connection::State {
  State(const ToolSet& t, ServerInfo i) : tools(t), info(std::move(i)) {}
  const ToolSet& tools;
  const ServerInfo info;
  mutable std::mutex mutex; // guards the lifecycle fields below
  std::string version;      // "" until initialize
  bool client_initialized = false;
  std::string log_level = "info";
  CancellationRegistry requests;

  std::optional<json> respond(const json& message, const Out& out);
  std::optional<json> on_request(const rpc::Message& m, const Out& out);
  void on_notification(const rpc::Message& m);
  Reply dispatch(const rpc::Message& m, const std::atomic<bool>& cancelled,
                 const Out& out);
  Reply initialize(const rpc::Message& m);
  Reply set_level(const json& params);
  Reply call_tool(const json& params, const std::atomic<bool>& cancelled,
                  const Out& out);
  void handle_batch(const json& batch, const Out& out);
  std::string version_now() const {
    std::lock_guard lock(mutex);
    return version;
  }
};

namespace {

const char* const kMethods =
    "initialize, ping, tools/list, tools/call and logging/setLevel";

bool known_method(const std::string& method) {
  return method == "ping" || method == "tools/list" || method == "tools/call" ||
         method == "logging/setLevel";
}

json to_response(const json& id, Reply reply) {
  if (reply.failure)
    return rpc::error_response(id, reply.failure->code, reply.failure->message,
                               reply.failure->data);
  return rpc::result_response(id, std::move(reply.result));
}

} // namespace

Connection::Connection(const ToolSet& tools, ServerInfo info)
    : state_(std::make_unique<State>(tools, std::move(info))) {}

Connection::~Connection() = default;

void Connection::handle_text(std::string_view text, const Out& out) {
  std::size_t offset = 0;
  auto parsed = spec::parse_json_text(text, "message", &offset);
  if (!parsed.ok()) {
    auto pos = spec::json_position(text, offset);
    out(rpc::error_response(
        nullptr, rpc::kParseError,
        "Parse error: " + parsed.error().message +
            "; send each JSON-RPC message as one JSON text",
        {{"byte", offset}, {"line", pos.line}, {"column", pos.column}}));
    return;
  }
  handle(*parsed, out);
}

void Connection::handle(const json& message, const Out& out) {
  if (message.is_array()) {
    state_->handle_batch(message, out);
    return;
  }
  if (auto response = state_->respond(message, out))
    out(*response);
}

std::string Connection::protocol_version() const {
  return state_->version_now();
}

bool Connection::initialized() const {
  return !protocol_version().empty();
}

void Connection::cancel_all() {
  state_->requests.cancel_all();
}

void Connection::State::handle_batch(const json& batch, const Out& out) {
  auto v = version_now();
  if (!has_batches(v)) {
    out(rpc::error_response(
        nullptr, rpc::kInvalidRequest,
        "Invalid Request: JSON-RPC batches exist only in MCP protocol "
        "version 2025-03-26; this connection speaks " +
            (v.empty() ? std::string("none yet (send initialize first)") : v) +
            ": send one message at a time"));
    return;
  }
  if (batch.empty()) {
    out(rpc::error_response(nullptr, rpc::kInvalidRequest,
                            "Invalid Request: an empty batch; send at least "
                            "one message"));
    return;
  }
  json responses = json::array();
  for (const auto& message : batch)
    if (auto response = respond(message, out))
      responses.push_back(std::move(*response));
  if (!responses.empty())
    out(responses);
}

std::optional<json> Connection::State::respond(const json& message,
                                               const Out& out) {
  auto m = rpc::classify(message);
  switch (m.kind) {
  case rpc::Kind::Invalid:
    return rpc::error_response(m.id, rpc::kInvalidRequest,
                               "Invalid Request: " + m.problem);
  case rpc::Kind::Response: // this server sends no requests: nothing to do
    return std::nullopt;
  case rpc::Kind::Notification:
    on_notification(m);
    return std::nullopt;
  case rpc::Kind::Request:
    break;
  }
  return on_request(m, out);
}

std::optional<json> Connection::State::on_request(const rpc::Message& m,
                                                  const Out& out) {
  if (m.method == "initialize") // never cancelled, as the spec says
    return to_response(m.id, initialize(m));
  auto flag = requests.add(m.id);
  if (!flag)
    return rpc::error_response(
        m.id, rpc::kInvalidRequest,
        "Invalid Request: a request with id " + m.id.dump() +
            " is still being handled; give every request its own id");
  Reply reply;
  try {
    reply = dispatch(m, *flag, out);
  } catch (const std::exception& e) {
    reply = Reply::fail(rpc::kInternalError,
                        std::string("Internal error: ") + e.what() +
                            " (a bug in sctrace; please report it)");
  }
  if (requests.remove(m.id)) // cancelled: the spec says send nothing
    return std::nullopt;
  return to_response(m.id, std::move(reply));
}

void Connection::State::on_notification(const rpc::Message& m) {
  if (m.method == "notifications/cancelled" && m.params.is_object()) {
    auto id = m.params.find("requestId");
    if (id != m.params.end() && rpc::valid_id(*id))
      requests.cancel(*id);
  } else if (m.method == "notifications/initialized") {
    std::lock_guard lock(mutex);
    client_initialized = true;
  }
  // Other notifications (progress, roots changed, ...) need nothing.
}

Reply Connection::State::dispatch(const rpc::Message& m,
                                  const std::atomic<bool>& cancelled,
                                  const Out& out) {
  if (m.method == "ping")
    return Reply::ok(json::object());
  if (!known_method(m.method))
    return Reply::fail(rpc::kMethodNotFound, "Method not found: '" + m.method +
                                                 "'; this server answers " +
                                                 kMethods);
  auto v = version_now();
  if (v.empty())
    return Reply::fail(rpc::kNotInitialized,
                       "Server not initialized: send \"initialize\" before '" +
                           m.method + "'");
  if (m.method == "tools/list")
    return list_tools(tools, v, m.params);
  if (m.method == "logging/setLevel")
    return set_level(m.params);
  return call_tool(m.params, cancelled, out);
}

Reply Connection::State::initialize(const rpc::Message& m) {
  if (!m.params.is_object() || !m.params.contains("protocolVersion") ||
      !m.params["protocolVersion"].is_string())
    return Reply::fail(rpc::kInvalidParams,
                       "initialize needs params {\"protocolVersion\": "
                       "VERSION, \"capabilities\": {...}, \"clientInfo\": "
                       "{...}}");
  std::lock_guard lock(mutex);
  if (!version.empty())
    return Reply::fail(rpc::kInvalidRequest,
                       "Invalid Request: this connection is initialized "
                       "already (protocol version " +
                           version + "); open a new connection to start over");
  version = negotiate_version(m.params["protocolVersion"]);
  return Reply::ok(initialize_result(version, info));
}

Reply Connection::State::set_level(const json& params) {
  std::string why;
  auto level = parse_log_level(params, &why);
  if (!level)
    return Reply::fail(rpc::kInvalidParams, why);
  std::lock_guard lock(mutex);
  log_level = *level;
  return Reply::ok(json::object());
}

Reply Connection::State::call_tool(const json& params,
                                   const std::atomic<bool>& cancelled,
                                   const Out& out) {
  auto parsed = parse_call(tools, params);
  if (auto* failure = std::get_if<Failure>(&parsed))
    return Reply{nullptr, *failure};
  auto& call = std::get<CallRequest>(parsed);
  auto v = version_now();
  // Shared: a tool that broke its contract and reports after returning
  // finds a closed reporter, not a dangling one.
  auto reporter = std::make_shared<ProgressReporter>(call.progress_token, v,
                                                     out, cancelled);
  ToolContext ctx;
  ctx.cancelled = &cancelled;
  if (!call.progress_token.is_null())
    ctx.progress = [reporter](double p, std::optional<double> total,
                              const std::string& message) {
      reporter->report(p, total, message);
    };
  ToolResult result = run_tool(*call.tool, call.arguments, ctx);
  reporter->close();
  return call_result(result, v);
}

} // namespace sctrace::mcp
