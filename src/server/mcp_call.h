// One POST /mcp body answered as a Server-Sent Events stream: the
// Connection handles it on a thread of its own while the HTTP worker
// writes what it sends (progress notifications, then the response).
//
// Contract:
//  - The constructor starts the thread: session->connection().handle(
//    message, out), where out queues `event: message\ndata: JSON\n\n`.
//  - next(wait) returns the queued events as one text, waiting up to
//    `wait` for one; finished once the handling returned and every event
//    was returned. An empty text that is not finished means nothing came
//    within `wait` (the caller writes a keep-alive comment).
//  - cancel() sends notifications/cancelled for each request id of the
//    body to the session's Connection (the client went away or the server
//    stops): the tools see ctx.cancelled and return, and the Connection
//    then sends no response for them. Idempotent.
//  - The destructor cancels when the handling has not finished, then
//    joins the thread: it waits for the tools to return.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/mcp_sessions.h"

namespace sctrace::server {

// `event: message\ndata: JSON\n\n` (invalid UTF-8 replaced).
std::string sse_event(const nlohmann::json& message);

class McpCall {
public:
  McpCall(std::shared_ptr<McpSession> session, nlohmann::json message,
          std::vector<nlohmann::json> request_ids);
  ~McpCall();
  McpCall(const McpCall&) = delete;
  McpCall& operator=(const McpCall&) = delete;

  struct Step {
    std::string text;
    bool finished = false;
  };
  Step next(std::chrono::milliseconds wait);
  void cancel();

private:
  void run(const nlohmann::json& message);

  std::shared_ptr<McpSession> session_;
  std::vector<nlohmann::json> request_ids_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string queued_;
  bool done_ = false;
  bool cancelled_ = false;
  std::thread thread_;
};

} // namespace sctrace::server
