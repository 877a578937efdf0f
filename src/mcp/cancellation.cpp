#include "mcp/cancellation.h"

#include <algorithm>

namespace sctrace::mcp {

namespace {

// "1" and 1 are different ids: the JSON text keeps the type.
std::string key(const nlohmann::json& id) {
  return id.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

std::shared_ptr<std::atomic<bool>>
CancellationRegistry::add(const nlohmann::json& id) {
  std::lock_guard lock(mutex_);
  const std::string k = key(id);
  auto early = std::find(early_.begin(), early_.end(), k);
  bool cancelled = closed_ || early != early_.end();
  auto flag = std::make_shared<std::atomic<bool>>(cancelled);
  if (!flags_.emplace(k, flag).second)
    return nullptr;
  if (early != early_.end())
    early_.erase(early);
  return flag;
}

bool CancellationRegistry::cancel(const nlohmann::json& id) {
  std::lock_guard lock(mutex_);
  auto it = flags_.find(key(id));
  if (it == flags_.end()) {
    // Not in flight yet (the rest of a batch; a thread that has not
    // started), or finished: remembered, bounded.
    early_.push_back(key(id));
    if (early_.size() > kEarlyCancels)
      early_.pop_front();
    return false;
  }
  *it->second = true;
  return true;
}

bool CancellationRegistry::remove(const nlohmann::json& id) {
  std::lock_guard lock(mutex_);
  auto it = flags_.find(key(id));
  if (it == flags_.end())
    return false;
  bool cancelled = *it->second;
  flags_.erase(it);
  return cancelled;
}

void CancellationRegistry::cancel_all() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  for (auto& [id, flag] : flags_)
    *flag = true;
}

std::size_t CancellationRegistry::size() const {
  std::lock_guard lock(mutex_);
  return flags_.size();
}

} // namespace sctrace::mcp
