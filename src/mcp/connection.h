// One MCP connection: JSON-RPC 2.0 and the MCP lifecycle over any
// transport. `sctrace mcp` has one for stdin/stdout; `sctrace serve` has
// one per Mcp-Session-Id at /mcp.
//
// Contract:
//  - handle_text() takes one message off the wire: a request, a
//    notification, a response, or (only when the negotiated protocol
//    version allows it: 2025-03-26) a batch. Text that is not JSON gets a
//    -32700 error with id null; a message that is not a JSON-RPC 2.0
//    request, notification or response gets -32600; an unknown method
//    -32601; bad params -32602; an internal failure -32603. Untrusted
//    text is read with spec::parse_json_text (depth and size bounded).
//  - Everything the handling of one message sends (progress
//    notifications, then the response, or one array for a batch) goes
//    through `out`, in order, on the calling thread. A message that needs
//    no response (a notification, a response) sends nothing unless it
//    fails to parse.
//  - Lifecycle: "initialize" negotiates the protocol version (the
//    client's when supported, else the newest this server speaks),
//    answers serverInfo, capabilities {tools, logging} and instructions.
//    Before it, every request but "initialize" and "ping" is refused
//    (-32002 not initialized). "ping" always answers {}.
//  - Methods: initialize, ping, tools/list, tools/call, logging/setLevel;
//    notifications: notifications/initialized, notifications/cancelled.
//  - tools/call runs the tool on the calling thread. When the request's
//    params._meta.progressToken is set, the tool's progress becomes
//    notifications/progress through `out`. notifications/cancelled (from
//    another thread) with that request's id sets its cancel flag; the
//    cancelled request then gets no response, as the spec says.
//  - A batch before initialize, in any other version, or empty is one
//    -32600 error (id null); a batch of notifications sends nothing. A
//    request whose id is still being handled is -32600. A second
//    initialize is -32600. Unknown methods are -32601 before initialize
//    too. A tool that throws gets a result with isError (the connection
//    never throws); a tool result that breaks Tool's contract is -32603.
//  - Thread-safe: handle_text may run on several threads at once (a long
//    tools/call and the cancellation that stops it). `out` may then be
//    called from several threads at once: the transport serializes it.
//    A tool's progress reaches `out` on the thread the tool reports from.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"

namespace sctrace::mcp {

// The protocol versions this server speaks, newest first.
const std::vector<std::string>& supported_protocol_versions();

struct ServerInfo {
  std::string name = "sctrace";
  std::string version;
  std::string title = "sctrace: syscall tracing with bpftrace"; // for people
  std::string instructions; // for the model: what the tools are for
};

using Out = std::function<void(const nlohmann::json& message)>;

class Connection {
public:
  // tools must outlive the connection.
  Connection(const ToolSet& tools, ServerInfo info);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void handle_text(std::string_view text, const Out& out);
  void handle(const nlohmann::json& message, const Out& out);

  // The negotiated version; "" before initialize.
  std::string protocol_version() const;
  bool initialized() const;
  // Sets every running call's cancel flag (the transport closed); calls
  // that start later start cancelled, and no request is answered any more
  // but initialize and those refused before they run.
  void cancel_all();

private:
  struct State;
  std::unique_ptr<State> state_;
};

} // namespace sctrace::mcp
