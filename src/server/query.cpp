#include "server/query.h"

#include <charconv>
#include <optional>

namespace sctrace::server {

namespace {

Reply bad_query(const std::string& name, const std::string& value,
                const std::string& expected) {
  std::string shown = value.size() > 40 ? value.substr(0, 40) + "..." : value;
  return error_reply(400, "bad_query",
                     "query parameter " + name + "=\"" + shown + "\" is not " +
                         expected,
                     "give " + name + " once, as " + expected);
}

std::optional<std::uint64_t> decimal(const std::string& text) {
  std::uint64_t value = 0;
  if (text.empty() || text.size() > 20)
    return std::nullopt;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

std::optional<bool> boolean(const std::string& text) {
  if (text == "1" || text == "true")
    return true;
  if (text == "0" || text == "false")
    return false;
  return std::nullopt;
}

} // namespace

std::variant<EventsQuery, Reply>
parse_events_query(const std::multimap<std::string, std::string>& params) {
  EventsQuery query;
  for (const char* name : {"cursor", "limit", "follow"})
    if (params.count(name) > 1)
      return bad_query(name, params.find(name)->second, "given once");
  if (auto it = params.find("cursor"); it != params.end()) {
    auto value = decimal(it->second);
    if (!value)
      return bad_query("cursor", it->second, "a decimal number (0 or more)");
    query.cursor = *value;
  }
  if (auto it = params.find("limit"); it != params.end()) {
    auto value = decimal(it->second);
    if (!value || *value < 1 || *value > kMaxLimit)
      return bad_query("limit", it->second,
                       "a decimal number from 1 to " +
                           std::to_string(kMaxLimit));
    query.limit = static_cast<std::size_t>(*value);
  }
  if (auto it = params.find("follow"); it != params.end()) {
    auto value = boolean(it->second);
    if (!value)
      return bad_query("follow", it->second, "1, true, 0 or false");
    query.follow = *value;
  }
  return query;
}

} // namespace sctrace::server
