// The sessions of /mcp: one mcp::Connection per Mcp-Session-Id.
//
// Contract:
//  - create() makes a session with a new id: 32 lowercase hex characters
//    (128 bits from getrandom). At most max_sessions exist: past that the
//    least recently used idle session is evicted, and when every session
//    is in use create() fails (ErrorKind::Unsupported: the caller answers
//    503). getrandom failing is ErrorKind::System.
//  - find() returns the session, or null for an id that is unknown,
//    ended, evicted or expired. A session is in use while a caller holds
//    the pointer find() or create() gave; it expires once idle (not in
//    use) for longer than idle_ttl since its last touch() (or creation).
//  - end() removes a session and cancels its running calls (cancel_all);
//    false for an unknown id. Eviction and expiry cancel the same way.
//  - Thread-safe; every method takes `now` for tests.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "mcp/connection.h"
#include "util/result.h"

namespace sctrace::server {

class McpSession {
public:
  using Clock = std::chrono::steady_clock;
  McpSession(const mcp::ToolSet& tools, mcp::ServerInfo info,
             Clock::time_point now);

  mcp::Connection& connection() { return connection_; }
  void touch(Clock::time_point now = Clock::now());
  Clock::time_point last_used() const;

private:
  mcp::Connection connection_;
  std::atomic<Clock::rep> last_used_;
};

class McpSessions {
public:
  using Clock = McpSession::Clock;

  McpSessions(const mcp::ToolSet& tools, mcp::ServerInfo info,
              std::size_t max_sessions, Clock::duration idle_ttl);

  struct Created {
    std::string id;
    std::shared_ptr<McpSession> session;
  };
  Result<Created> create(Clock::time_point now = Clock::now());
  std::shared_ptr<McpSession> find(const std::string& id,
                                   Clock::time_point now = Clock::now());
  bool end(const std::string& id);
  std::size_t size();

private:
  // Under mutex_: drops expired sessions; then, when full, the least
  // recently used idle one. False when still full.
  bool make_room(Clock::time_point now);

  const mcp::ToolSet& tools_;
  mcp::ServerInfo info_;
  std::size_t max_;
  Clock::duration ttl_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<McpSession>> sessions_;
};

// 32 lowercase hex characters from getrandom.
Result<std::string> random_session_id();

} // namespace sctrace::server
