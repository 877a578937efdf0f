#include "server/json_body.h"

#include <algorithm>
#include <string>

#include "spec/json_text.h"

namespace sctrace::server {

namespace {

Reply bad_json(std::string_view body, std::size_t byte, const Error& e) {
  const SourcePos pos = e.pos.value_or(SourcePos{});
  const std::string where = "at byte " + std::to_string(byte) + " (line " +
                            std::to_string(pos.line) + ", column " +
                            std::to_string(pos.column) + ")";
  Reply reply = error_reply(
      400, "bad_json",
      body.empty()
          ? "the request body is empty; this route takes a JSON "
            "object"
          : "the request body is not valid JSON " + where + ": " +
                e.message.substr(
                    e.message.find(": ", e.message.find(" at byte ")) + 2),
      "send one JSON object, e.g. {\"description\": \"...\"}; check quotes, "
      "commas and brackets near that position");
  reply.body["error"]["position"] = {
      {"byte", byte}, {"line", pos.line}, {"column", pos.column}};
  return reply;
}

} // namespace

std::optional<Reply> parse_json_object(std::string_view body,
                                       nlohmann::json& out) {
  std::size_t offset = 0;
  auto parsed = spec::parse_json_text(body, "body", &offset);
  if (!parsed.ok())
    return bad_json(body, offset + 1, parsed.error());
  out = std::move(parsed).value();
  if (!out.is_object())
    return error_reply(400, "body_not_object",
                       std::string("the request body is JSON but a ") +
                           out.type_name() + ", not an object",
                       "send one JSON object: {...}");
  return std::nullopt;
}

} // namespace sctrace::server
