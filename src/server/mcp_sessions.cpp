#include "server/mcp_sessions.h"

#include <cerrno>
#include <cstring>
#include <sys/random.h>
#include <utility>
#include <vector>

namespace sctrace::server {

McpSession::McpSession(const mcp::ToolSet& tools, mcp::ServerInfo info,
                       Clock::time_point now)
    : connection_(tools, std::move(info)),
      last_used_(now.time_since_epoch().count()) {}

void McpSession::touch(Clock::time_point now) {
  last_used_ = now.time_since_epoch().count();
}

McpSession::Clock::time_point McpSession::last_used() const {
  return Clock::time_point(Clock::duration(last_used_.load()));
}

Result<std::string> random_session_id() {
  unsigned char bytes[16];
  std::size_t got = 0;
  for (int tries = 0; got < sizeof bytes && tries < 100; ++tries) {
    const ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno != EINTR)
      return make_error(ErrorKind::System,
                        std::string("cannot make an MCP session id: "
                                    "getrandom failed: ") +
                            std::strerror(errno));
    if (n > 0)
      got += static_cast<std::size_t>(n);
  }
  if (got < sizeof bytes)
    return make_error(ErrorKind::System,
                      "cannot make an MCP session id: getrandom kept being "
                      "interrupted; retry");
  static constexpr char hex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id += hex[b >> 4];
    id += hex[b & 15];
  }
  return id;
}

McpSessions::McpSessions(const mcp::ToolSet& tools, mcp::ServerInfo info,
                         std::size_t max_sessions, Clock::duration idle_ttl)
    : tools_(tools), info_(std::move(info)), max_(max_sessions),
      ttl_(idle_ttl) {}

namespace {

bool idle(const std::shared_ptr<McpSession>& session) {
  return session.use_count() == 1; // only the table holds it
}

} // namespace

bool McpSessions::make_room(Clock::time_point now) {
  std::vector<std::shared_ptr<McpSession>> dropped;
  auto oldest = sessions_.end();
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (idle(it->second) && now - it->second->last_used() > ttl_) {
      dropped.push_back(it->second);
      it = sessions_.erase(it);
      continue;
    }
    if (idle(it->second) &&
        (oldest == sessions_.end() ||
         it->second->last_used() < oldest->second->last_used()))
      oldest = it;
    ++it;
  }
  if (sessions_.size() >= max_ && oldest != sessions_.end()) {
    dropped.push_back(oldest->second);
    sessions_.erase(oldest);
  }
  for (const auto& session : dropped)
    session->connection().cancel_all();
  return sessions_.size() < max_;
}

Result<McpSessions::Created> McpSessions::create(Clock::time_point now) {
  SCTRACE_TRY_ASSIGN(id, random_session_id());
  std::lock_guard lock(mutex_);
  if (!make_room(now))
    return make_error(ErrorKind::Unsupported, "all " + std::to_string(max_) +
                                                  " MCP sessions are in use");
  auto session = std::make_shared<McpSession>(tools_, info_, now);
  sessions_[id] = session;
  return Created{id, session};
}

std::shared_ptr<McpSession> McpSessions::find(const std::string& id,
                                              Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(id);
  if (it == sessions_.end())
    return nullptr;
  if (idle(it->second) && now - it->second->last_used() > ttl_) {
    it->second->connection().cancel_all();
    sessions_.erase(it);
    return nullptr;
  }
  it->second->touch(now);
  return it->second;
}

bool McpSessions::end(const std::string& id) {
  std::shared_ptr<McpSession> session;
  {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(id);
    if (it == sessions_.end())
      return false;
    session = std::move(it->second);
    sessions_.erase(it);
  }
  session->connection().cancel_all();
  return true;
}

std::size_t McpSessions::size() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

} // namespace sctrace::server
