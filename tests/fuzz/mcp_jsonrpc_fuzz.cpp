// Fuzz target: the MCP protocol layer (mcp::Connection::handle_text), as
// `sctrace mcp` and /mcp feed it: untrusted text, one message per line.
//
// Input: any bytes; each line is one message to one Connection (so a
// seed can initialize, then list and call tools, batch, cancel, ...).
// The tools are trivial fakes: echo, progress (reports its "values"),
// throws.
// Invariants, for every line:
//  - handle_text never throws; everything it sends is a JSON-RPC object
//    (or, for a batch, a non-empty array of responses) that serializes
//    as strict UTF-8;
//  - a response has "jsonrpc": "2.0", an id that is null, a string or an
//    integer, and exactly one of result and error; an error has an
//    integer code among -32700, -32600, -32601, -32602, -32603, -32002
//    and a non-empty message; the only notification sent is
//    notifications/progress;
//  - a line that is one well-formed request (object, "2.0", string
//    method, string or integer id) gets exactly one response, with its
//    id; a well-formed notification gets nothing.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "mcp/connection.h"

using namespace sctrace;
using nlohmann::json;

namespace {

mcp::Tool
tool(const std::string& name,
     std::function<mcp::ToolResult(const json&, mcp::ToolContext&)> call) {
  mcp::Tool t;
  t.name = name;
  t.title = name;
  t.description = "fuzz tool " + name;
  t.input_schema = {{"type", "object"}};
  t.output_schema = {{"type", "object"}};
  t.call = std::move(call);
  return t;
}

const mcp::ToolSet& tools() {
  static const mcp::ToolSet set = {
      tool("echo",
           [](const json& args, mcp::ToolContext&) {
             mcp::ToolResult r;
             r.structured = {{"args", args}};
             r.text = args.dump(-1, ' ', false, json::error_handler_t::replace);
             return r;
           }),
      tool("progress",
           [](const json& args, mcp::ToolContext& ctx) {
             auto values = args.value("values", json::array());
             if (values.is_array())
               for (const auto& v : values)
                 if (v.is_number())
                   ctx.progress(v.get<double>(), std::nullopt, v.dump());
             return mcp::ToolResult{};
           }),
      tool("throws", [](const json&, mcp::ToolContext&) -> mcp::ToolResult {
        throw std::runtime_error("thrown by the fuzz tool");
      })};
  return set;
}

bool known_code(const json& code) {
  if (!code.is_number_integer())
    return false;
  for (int c : {-32700, -32600, -32601, -32602, -32603, -32002})
    if (code == c)
      return true;
  return false;
}

void check_response(const json& m) {
  FUZZ_REQUIRE(m.is_object(), m.dump());
  FUZZ_REQUIRE(m.value("jsonrpc", json()) == "2.0", m.dump());
  FUZZ_REQUIRE(m.contains("id"), m.dump());
  const auto& id = m["id"];
  FUZZ_REQUIRE(id.is_null() || id.is_string() || id.is_number_integer(),
               m.dump());
  FUZZ_REQUIRE(m.contains("result") != m.contains("error"), m.dump());
  if (m.contains("error")) {
    const auto& e = m["error"];
    FUZZ_REQUIRE(e.is_object() && known_code(e.value("code", json())),
                 m.dump());
    FUZZ_REQUIRE(e.contains("message") && e["message"].is_string() &&
                     !e["message"].get<std::string>().empty(),
                 m.dump());
  } else {
    FUZZ_REQUIRE(m["result"].is_object(), m.dump());
  }
}

// Checks one message sent; returns whether it is a response.
bool check_sent(const json& m) {
  std::string text;
  try {
    text = m.dump();
  } catch (const json::exception& e) {
    FUZZ_REQUIRE(false, std::string("not strict UTF-8: ") + e.what());
  }
  FUZZ_REQUIRE(fuzz::is_valid_utf8(text), text);
  if (m.is_array()) {
    FUZZ_REQUIRE(!m.empty(), "an empty batch response");
    for (const auto& r : m)
      check_response(r);
    return true;
  }
  if (m.is_object() && m.contains("method")) {
    FUZZ_REQUIRE(m["method"] == "notifications/progress" && !m.contains("id"),
                 text);
    return false;
  }
  check_response(m);
  return true;
}

// The id of LINE when it is one well-formed request, null when it is a
// well-formed notification, discarded otherwise.
json expected_id(std::string_view line) {
  auto j = json::parse(line, nullptr, false);
  if (!j.is_object() || j.value("jsonrpc", json()) != "2.0" ||
      !j.contains("method") || !j["method"].is_string())
    return json::value_t::discarded;
  // Bad params make an invalid request, answered with a null id even
  // without an "id" member (JSON-RPC 2.0, section 5): not a notification.
  if (j.contains("params") && !j["params"].is_object() &&
      !j["params"].is_array())
    return json::value_t::discarded;
  if (!j.contains("id"))
    return nullptr;
  const auto& id = j["id"];
  if (!id.is_string() && !id.is_number_integer())
    return json::value_t::discarded;
  return id;
}

void check_line(mcp::Connection& c, std::string_view line) {
  std::vector<json> sent;
  try {
    c.handle_text(line, [&sent](const json& m) { sent.push_back(m); });
  } catch (const std::exception& e) {
    FUZZ_REQUIRE(false, std::string("handle_text threw: ") + e.what());
  }
  std::vector<json> responses;
  for (const auto& m : sent)
    if (check_sent(m))
      responses.push_back(m);
  FUZZ_REQUIRE(responses.size() <= 1, "more than one response to a line");
  if (responses.size() == 1 && responses[0].is_object() &&
      responses[0].contains("error") && responses[0]["error"]["code"] == -32700)
    return; // parse_json_text's bounds are stricter than nlohmann's
  auto id = expected_id(line);
  if (id.is_discarded())
    return;
  if (id.is_null()) {
    FUZZ_REQUIRE(responses.empty(), "a notification was answered");
    return;
  }
  FUZZ_REQUIRE(responses.size() == 1 && responses[0].is_object() &&
                   responses[0]["id"] == id,
               "a request without exactly one response with its id");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto taken = fuzz::take_input(data, size, 64 * 1024);
  if (!taken)
    return 0;
  mcp::Connection c(tools(), mcp::ServerInfo{});
  std::string_view rest = *taken;
  while (!rest.empty()) {
    auto nl = rest.find('\n');
    check_line(c, rest.substr(0, nl));
    rest =
        nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  }
  return 0;
}
