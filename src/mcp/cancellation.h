// The requests of one connection that are being handled, by id, each
// with the cancel flag notifications/cancelled sets.
//
// Contract:
//  - add(id) registers a request and returns its flag, or nullptr when a
//    request with that id (same type and value: "1" and 1 differ) is in
//    flight already.
//  - cancel(id) sets that request's flag and returns true; an unknown or
//    finished id is ignored (false), as the spec allows.
//  - remove(id) ends the request and says whether it was cancelled (its
//    response must then not be sent).
//  - cancel_all() sets every flag, and the flag of every request added
//    later (the transport is closing: nothing more is answered). Every
//    member is thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace sctrace::mcp {

class CancellationRegistry {
public:
  std::shared_ptr<std::atomic<bool>> add(const nlohmann::json& id);
  bool cancel(const nlohmann::json& id);
  bool remove(const nlohmann::json& id);
  void cancel_all();
  std::size_t size() const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> flags_;
  bool closed_ = false;
};

} // namespace sctrace::mcp
