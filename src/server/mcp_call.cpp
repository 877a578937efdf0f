#include "server/mcp_call.h"

#include <utility>

namespace sctrace::server {

std::string sse_event(const nlohmann::json& message) {
  return "event: message\ndata: " +
         message.dump(-1, ' ', false,
                      nlohmann::json::error_handler_t::replace) +
         "\n\n";
}

McpCall::McpCall(std::shared_ptr<McpSession> session, nlohmann::json message,
                 std::vector<nlohmann::json> request_ids)
    : session_(std::move(session)), request_ids_(std::move(request_ids)) {
  thread_ = std::thread([this, message = std::move(message)] { run(message); });
}

McpCall::~McpCall() {
  bool finished;
  {
    std::lock_guard lock(mutex_);
    finished = done_;
  }
  if (!finished)
    cancel();
  thread_.join();
  session_->touch();
}

void McpCall::run(const nlohmann::json& message) {
  try {
    session_->connection().handle(message, [this](const nlohmann::json& m) {
      std::lock_guard lock(mutex_);
      queued_ += sse_event(m);
      changed_.notify_all();
    });
  } catch (...) {
    // The Connection never throws (its contract); if it did, the stream
    // ends without a response rather than the process.
  }
  std::lock_guard lock(mutex_);
  done_ = true;
  changed_.notify_all();
}

McpCall::Step McpCall::next(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, wait, [this] { return done_ || !queued_.empty(); });
  Step step{std::move(queued_), done_};
  queued_.clear();
  return step;
}

void McpCall::cancel() {
  {
    std::lock_guard lock(mutex_);
    if (cancelled_)
      return;
    cancelled_ = true;
  }
  for (const nlohmann::json& id : request_ids_)
    session_->connection().handle(
        {{"jsonrpc", "2.0"},
         {"method", "notifications/cancelled"},
         {"params",
          {{"requestId", id},
           {"reason", "the HTTP client closed the stream"}}}},
        [](const nlohmann::json&) {});
}

} // namespace sctrace::server
