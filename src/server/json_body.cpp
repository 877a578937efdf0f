#include "server/json_body.h"

#include <algorithm>
#include <string>

namespace sctrace::server {

TextPosition position_of(std::string_view text, std::size_t byte) {
  TextPosition pos;
  const std::size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

namespace {

Reply bad_json(std::string_view body, std::size_t byte) {
  const TextPosition pos = position_of(body, byte);
  const std::string where = "at byte " + std::to_string(byte) + " (line " +
                            std::to_string(pos.line) + ", column " +
                            std::to_string(pos.column) + ")";
  Reply reply = error_reply(
      400, "bad_json",
      body.empty() ? "the request body is empty; this route takes a JSON "
                     "object"
                   : "the request body is not valid JSON: it breaks off or "
                     "goes wrong " +
                         where,
      "send one JSON object, e.g. {\"description\": \"...\"}; check quotes, "
      "commas and brackets near that position");
  reply.body["error"]["position"] = {
      {"byte", byte}, {"line", pos.line}, {"column", pos.column}};
  return reply;
}

} // namespace

std::optional<Reply> parse_json_object(std::string_view body,
                                       nlohmann::json& out) {
  try {
    out = nlohmann::json::parse(body.begin(), body.end());
  } catch (const nlohmann::json::parse_error& e) {
    return bad_json(body, e.byte);
  }
  if (!out.is_object())
    return error_reply(400, "body_not_object",
                       std::string("the request body is JSON but a ") +
                           out.type_name() + ", not an object",
                       "send one JSON object: {...}");
  return std::nullopt;
}

} // namespace sctrace::server
