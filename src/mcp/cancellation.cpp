#include "mcp/cancellation.h"

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
  auto flag = std::make_shared<std::atomic<bool>>(closed_);
  if (!flags_.emplace(key(id), flag).second)
    return nullptr;
  return flag;
}

bool CancellationRegistry::cancel(const nlohmann::json& id) {
  std::lock_guard lock(mutex_);
  auto it = flags_.find(key(id));
  if (it == flags_.end())
    return false;
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
