// What one POST /mcp body holds, read before the mcp::Connection sees it,
// so that the transport picks its answer: 202 (no request), JSON (requests
// that send nothing before their response) or an SSE stream (tools/call,
// which sends progress first).
//
// Contract of classify_mcp_body(message): message is one JSON-RPC message
// or a batch (an array). A request is an object with a string "method"
// and an "id"; request_ids lists their ids in order. streams is set when
// a request's method is tools/call; initialize when the message is one
// request (not a batch) whose method is "initialize". Anything else
// (notifications, responses, invalid elements) counts as no request: the
// Connection answers the invalid ones.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

namespace sctrace::server {

struct McpBody {
  bool initialize = false;
  bool streams = false;
  std::vector<nlohmann::json> request_ids;
};

McpBody classify_mcp_body(const nlohmann::json& message);

} // namespace sctrace::server
