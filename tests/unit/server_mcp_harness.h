// /mcp's tests: small fake tools (the transport is under test, not the
// tools), a RunningServer serving them, and curl calls with the headers an
// MCP client sends. Every wait is bounded.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "mcp/tool.h"
#include "server_harness.h"

namespace sctrace::server::test {

// What the fake tools saw, for the tests to check.
struct ToolLog {
  std::atomic<int> waits_started{0};
  std::atomic<bool> saw_cancel{false};
  std::atomic<bool> returned{false};
};

// echo: returns its arguments. slow: three progress reports 50 ms apart,
// then its result. wait: polls ctx.cancelled every 10 ms for up to 20 s
// and logs what it saw.
inline mcp::ToolSet fake_tools(ToolLog& log) {
  auto tool = [](std::string name, auto call) {
    mcp::Tool t;
    t.name = std::move(name);
    t.input_schema = {{"type", "object"}};
    t.output_schema = {{"type", "object"}};
    t.call = call;
    return t;
  };
  return {tool("echo",
               [](const nlohmann::json& args, mcp::ToolContext&) {
                 return mcp::ToolResult{{{"echo", args}}, "echoed", false};
               }),
          tool("slow",
               [](const nlohmann::json&, mcp::ToolContext& ctx) {
                 for (int i = 1; i <= 3; ++i) {
                   std::this_thread::sleep_for(std::chrono::milliseconds(50));
                   ctx.progress(i, 3, "step " + std::to_string(i));
                 }
                 return mcp::ToolResult{{{"done", true}}, "done", false};
               }),
          tool("wait", [&log](const nlohmann::json&, mcp::ToolContext& ctx) {
            ++log.waits_started;
            for (int i = 0; i < 2000 && !*ctx.cancelled; ++i)
              std::this_thread::sleep_for(std::chrono::milliseconds(10));
            log.saw_cancel = ctx.cancelled->load();
            log.returned = true;
            return mcp::ToolResult{
                {{"cancelled", log.saw_cancel.load()}}, "w", false};
          })};
}

// A RunningServer with /mcp over the fake tools.
struct McpServer {
  explicit McpServer(ServerOptions options = test_options())
      : tools(fake_tools(log)), server(with_tools(std::move(options))) {}
  ServerOptions with_tools(ServerOptions o) {
    o.mcp_tools = &tools;
    o.mcp_info.version = "test";
    return o;
  }
  std::string url() const { return server.url("/mcp"); }

  ToolLog log;
  mcp::ToolSet tools;
  RunningServer server;
};

inline const std::string kAccept =
    "Accept: application/json, text/event-stream";

inline std::string
rpc(const std::string& id, const std::string& method,
    const nlohmann::json& params = nlohmann::json::object()) {
  return nlohmann::json{{"jsonrpc", "2.0"},
                        {"id", nlohmann::json::parse(id)},
                        {"method", method},
                        {"params", params}}
      .dump();
}

inline const std::string kInitialize =
    rpc("1", "initialize",
        {{"protocolVersion", "2025-06-18"},
         {"capabilities", nlohmann::json::object()},
         {"clientInfo", {{"name", "curl"}, {"version", "1"}}}});

// True when the curl arguments set header `name` (`-H "Name: ..."`).
inline bool sets_header(const std::vector<std::string>& args,
                        const std::string& name) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "-H" && args[i + 1].rfind(name + ":", 0) == 0)
      return true;
  return false;
}

// POST /mcp with the token, Accept and Content-Type an MCP client sends
// (unless `extra` sets them), then the `extra` curl arguments.
inline Response post(const McpServer& s, const std::string& body,
                     std::vector<std::string> extra = {}) {
  std::vector<std::string> args;
  if (!sets_header(extra, "Authorization"))
    args.insert(args.end(), {"-H", bearer()});
  if (!sets_header(extra, "Accept"))
    args.insert(args.end(), {"-H", kAccept});
  if (!sets_header(extra, "Content-Type"))
    args.insert(args.end(), {"-H", "Content-Type: application/json"});
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"--data-binary", body, s.url()});
  return curl(args);
}

inline std::string session_header(const std::string& id) {
  return "Mcp-Session-Id: " + id;
}

// initialize, then notifications/initialized: the new session's id.
inline std::string open_session(const McpServer& s) {
  const Response r = post(s, kInitialize);
  const std::string id = r.header("mcp-session-id");
  post(s, R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
       {"-H", session_header(id)});
  return id;
}

// The data of each SSE event of a stream, parsed.
inline std::vector<nlohmann::json> sse_messages(const std::string& body) {
  std::vector<nlohmann::json> messages;
  std::size_t at = 0;
  for (int i = 0; i < 10000; ++i) {
    at = body.find("data: ", at);
    if (at == std::string::npos)
      break;
    const std::size_t end = body.find('\n', at);
    messages.push_back(nlohmann::json::parse(body.substr(at + 6, end - at - 6),
                                             nullptr, false));
    at = end;
  }
  return messages;
}

} // namespace sctrace::server::test
