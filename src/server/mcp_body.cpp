#include "server/mcp_body.h"

namespace sctrace::server {

namespace {

void classify_one(const nlohmann::json& message, McpBody& body) {
  if (!message.is_object())
    return;
  const auto method = message.find("method");
  if (method == message.end() || !method->is_string() ||
      !message.contains("id"))
    return;
  body.request_ids.push_back(message["id"]);
  if (*method == "tools/call")
    body.streams = true;
}

} // namespace

McpBody classify_mcp_body(const nlohmann::json& message) {
  McpBody body;
  if (message.is_array()) {
    for (const nlohmann::json& element : message)
      classify_one(element, body);
    return body;
  }
  classify_one(message, body);
  body.initialize =
      !body.request_ids.empty() && message["method"] == "initialize";
  return body;
}

} // namespace sctrace::server
