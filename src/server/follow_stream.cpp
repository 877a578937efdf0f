#include "server/follow_stream.h"

#include <algorithm>
#include <utility>

namespace sctrace::server {

namespace {

std::string line_of(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

} // namespace

FollowStream::FollowStream(Backend& backend, std::string id,
                           std::uint64_t cursor, std::size_t limit,
                           Clock::time_point deadline,
                           const std::atomic<bool>& stopping)
    : backend_(backend), id_(std::move(id)), cursor_(cursor), limit_(limit),
      deadline_(deadline), stopping_(stopping) {}

FollowStream::Step FollowStream::next() {
  Step step;
  const auto now = Clock::now();
  if (finished_ || stopping_ || now >= deadline_) {
    finished_ = true;
    return {"", true};
  }
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - now);
  const auto timeout = std::clamp(left, std::chrono::milliseconds(1),
                                  std::chrono::milliseconds(1000));
  const Reply reply = backend_.wait_events(id_, cursor_, limit_, timeout);
  if (reply.status >= 400 || !reply.body.is_object()) {
    finished_ = true;
    return {line_of(reply.body), true};
  }
  const auto events = reply.body.find("events");
  std::size_t count = 0;
  if (events != reply.body.end() && events->is_array())
    for (const auto& event : *events) {
      step.lines += line_of(event);
      ++count;
    }
  const auto next = reply.body.find("next_cursor");
  cursor_ = next != reply.body.end() && next->is_number_unsigned()
                ? next->get<std::uint64_t>()
                : cursor_ + count;
  finished_ = reply.body.value("done", false) == true;
  step.finished = finished_;
  return step;
}

} // namespace sctrace::server
