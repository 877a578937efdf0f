// The rounds of a follow stream (GET /v1/traces/{id}/events?follow=1).
//
// Contract: each next() makes one wait_events call (timeout 1 s, or what
// is left until the deadline) from the current cursor and returns its
// events as NDJSON text (one compact JSON object a line, invalid UTF-8
// replaced) and whether the stream is finished: the backend said done,
// replied with an error status (then the error object is the last line),
// the deadline passed or `stopping` is set. The cursor advances to the
// reply's next_cursor (or past the events returned when it has none).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/backend.h"

namespace sctrace::server {

class FollowStream {
public:
  using Clock = std::chrono::steady_clock;

  FollowStream(Backend& backend, std::string id, std::uint64_t cursor,
               std::size_t limit, Clock::time_point deadline,
               const std::atomic<bool>& stopping);

  struct Step {
    std::string lines;
    bool finished = false;
  };
  Step next();

private:
  Backend& backend_;
  std::string id_;
  std::uint64_t cursor_;
  std::size_t limit_;
  Clock::time_point deadline_;
  const std::atomic<bool>& stopping_;
  bool finished_ = false;
};

} // namespace sctrace::server
