// The query of GET /v1/traces/{id}/events.
//
// Contract: cursor is a decimal uint64 (default 0); limit a decimal in
// 1..kMaxLimit (default kDefaultLimit); follow is 1/true or 0/false
// (default false). Any other value, or a repeated parameter, is a 400
// reply with code "bad_query" naming the parameter; unknown parameters
// are ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include "server/backend.h"

namespace sctrace::server {

inline constexpr std::size_t kDefaultLimit = 1000;
inline constexpr std::size_t kMaxLimit = 10000;

struct EventsQuery {
  std::uint64_t cursor = 0;
  std::size_t limit = kDefaultLimit;
  bool follow = false;
};

// params: httplib::Params (a multimap of decoded names and values).
std::variant<EventsQuery, Reply>
parse_events_query(const std::multimap<std::string, std::string>& params);

} // namespace sctrace::server
