// JSON-RPC 2.0 as MCP uses it: what one message off the wire is, and the
// error objects this server answers with.
//
// Contract of classify():
//  - A request is an object with "jsonrpc": "2.0", a string "method" and
//    an "id" that is a string or an integer (never null, a fraction, a
//    bool, an array or an object). A notification is the same without
//    "id". A response is an object with "jsonrpc": "2.0", an id and
//    exactly one of "result" and "error" (no "method").
//  - "params", when present, must be an object or an array (a primitive
//    is an invalid request); MCP's methods take objects, which the
//    handlers check (-32602).
//  - Anything else is Kind::Invalid with a message saying what is wrong
//    and the id to answer with (the message's id when it is a valid one,
//    else null).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace sctrace::mcp::jsonrpc {

inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kNotInitialized = -32002;

enum class Kind { Request, Notification, Response, Invalid };

struct Message {
  Kind kind = Kind::Invalid;
  nlohmann::json id;  // null for notifications and invalid messages
  std::string method; // requests and notifications
  nlohmann::json params = nlohmann::json::object();
  std::string problem; // Kind::Invalid: what is wrong
};

// True for a JSON-RPC id this server accepts: a string or an integer.
bool valid_id(const nlohmann::json& id);

Message classify(const nlohmann::json& message);

// {"jsonrpc":"2.0","id":ID,"error":{"code","message"[,"data"]}}.
nlohmann::json error_response(const nlohmann::json& id, int code,
                              const std::string& message,
                              const nlohmann::json& data = nullptr);

// {"jsonrpc":"2.0","id":ID,"result":RESULT}.
nlohmann::json result_response(const nlohmann::json& id, nlohmann::json result);

// {"jsonrpc":"2.0","method":METHOD,"params":PARAMS}.
nlohmann::json notification(const std::string& method, nlohmann::json params);

} // namespace sctrace::mcp::jsonrpc
