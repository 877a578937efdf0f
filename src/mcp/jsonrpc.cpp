#include "mcp/jsonrpc.h"

#include "util/strings.h"

namespace sctrace::mcp::jsonrpc {

namespace {

Message invalid(nlohmann::json id, std::string problem) {
  Message m;
  m.kind = Kind::Invalid;
  m.id = std::move(id);
  m.problem = std::move(problem);
  return m;
}

// The id to answer an invalid message with: its own when usable.
nlohmann::json answer_id(const nlohmann::json& message) {
  auto it = message.find("id");
  if (it != message.end() && valid_id(*it))
    return *it;
  return nullptr;
}

Message classify_response(const nlohmann::json& m) {
  bool has_result = m.contains("result"), has_error = m.contains("error");
  if (!has_result && !has_error)
    return invalid(answer_id(m), "the message has neither \"method\" (a "
                                 "request or notification) nor \"result\" "
                                 "or \"error\" (a response)");
  if (has_result == has_error)
    return invalid(answer_id(m),
                   "a response has either \"result\" or \"error\", not both");
  auto id = m.find("id");
  if (id == m.end() || !(valid_id(*id) || id->is_null()))
    return invalid(nullptr, "a response needs the \"id\" of the request it "
                            "answers (a string or an integer)");
  Message r;
  r.kind = Kind::Response;
  r.id = *id;
  return r;
}

// TEXT with every byte that is not part of valid UTF-8 written as \xNN:
// a parse error quotes the bytes it stopped at, which may be any bytes.
std::string strict_utf8(std::string_view text) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = util::utf8_sequence_length(text, i);
    if (n == 0) {
      auto c = static_cast<unsigned char>(text[i++]);
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xf];
      continue;
    }
    out.append(text, i, n);
    i += n;
  }
  return out;
}

} // namespace

bool valid_id(const nlohmann::json& id) {
  return id.is_string() || id.is_number_integer();
}

Message classify(const nlohmann::json& m) {
  if (!m.is_object())
    return invalid(nullptr, "a JSON-RPC message is an object; got " +
                                std::string(m.type_name()));
  auto version = m.find("jsonrpc");
  if (version == m.end() || *version != "2.0")
    return invalid(answer_id(m), "\"jsonrpc\" must be \"2.0\"");
  auto method = m.find("method");
  if (method == m.end())
    return classify_response(m);
  if (!method->is_string())
    return invalid(answer_id(m), "\"method\" must be a string");
  auto id = m.find("id");
  if (id != m.end() && !valid_id(*id))
    return invalid(nullptr,
                   "\"id\" must be a string or an integer; got " +
                       (id->is_number() ? std::string("a fraction")
                                        : std::string(id->type_name())));
  auto params = m.find("params");
  if (params != m.end() && !params->is_object() && !params->is_array())
    return invalid(answer_id(m), "\"params\" must be an object");
  Message r;
  r.kind = id == m.end() ? Kind::Notification : Kind::Request;
  r.id = id == m.end() ? nlohmann::json(nullptr) : *id;
  r.method = method->get<std::string>();
  if (params != m.end())
    r.params = *params;
  return r;
}

nlohmann::json error_response(const nlohmann::json& id, int code,
                              const std::string& message,
                              const nlohmann::json& data) {
  nlohmann::json error = {{"code", code}, {"message", strict_utf8(message)}};
  if (!data.is_null())
    error["data"] = data;
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(error)}};
}

nlohmann::json result_response(const nlohmann::json& id,
                               nlohmann::json result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

nlohmann::json notification(const std::string& method, nlohmann::json params) {
  return {
      {"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

} // namespace sctrace::mcp::jsonrpc
