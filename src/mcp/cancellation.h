// The requests of one connection that are being handled, by id, each
// with the cancel flag notifications/cancelled sets.
//
// Contract:
//  - add(id) registers a request and returns its flag, or nullptr when a
//    request with that id (same type and value: "1" and 1 differ) is in
//    flight already.
//  - cancel(id) sets that request's flag and returns true. An id not in
//    flight returns false but is remembered (the last kEarlyCancels): a
//    request that arrives after its own cancellation (the rest of a batch
//    whose stream closed; a call whose thread had not started yet) starts
//    cancelled. Ids are unique within a connection (the spec), so a
//    finished id remembered this way costs nothing.
//  - remove(id) ends the request and says whether it was cancelled (its
//    response must then not be sent).
//  - cancel_all() sets every flag, and the flag of every request added
//    later (the transport is closing: nothing more is answered). Every
//    member is thread-safe.
#pragma once

#include <atomic>
#include <deque>
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

  static constexpr std::size_t kEarlyCancels = 64;

private:
  mutable std::mutex mutex_;
  std::deque<std::string> early_; // cancelled before they were added
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> flags_;
  bool closed_ = false;
};

} // namespace sctrace::mcp
