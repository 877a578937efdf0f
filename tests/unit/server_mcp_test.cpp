// /mcp, MCP's Streamable HTTP transport, over loopback with the real curl:
// sessions, JSON and SSE answers, the header checks, cancellation.
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "server_mcp_harness.h"

namespace sctrace::server::test {
namespace {

TEST(ServerMcp, initialize_answers_json_with_a_session_id) {
  McpServer s;
  const Response r = post(s, kInitialize);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/json");
  const std::string id = r.header("mcp-session-id");
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(r.json()["id"], 1);
  EXPECT_TRUE(r.json()["result"].contains("protocolVersion"));
  EXPECT_NE(post(s, kInitialize).header("mcp-session-id"), id);
}

TEST(ServerMcp, a_request_needs_a_known_session) {
  McpServer s;
  const std::string list = rpc("2", "tools/list");
  const Response missing = post(s, list);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json()["error"]["data"]["code"], "missing_session");
  EXPECT_TRUE(missing.json()["id"].is_null());
  const Response unknown =
      post(s, list, {"-H", session_header(std::string(32, 'a'))});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json()["error"]["data"]["code"], "unknown_session");
  const std::string id = open_session(s);
  const Response ok = post(s, list, {"-H", session_header(id)});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.header("content-type"), "application/json");
  EXPECT_EQ(ok.json()["result"]["tools"].size(), 3u);
}

TEST(ServerMcp, tools_call_streams_progress_then_the_result) {
  McpServer s;
  const std::string id = open_session(s);
  const Response r =
      post(s,
           rpc("\"c1\"", "tools/call",
               {{"name", "slow"}, {"_meta", {{"progressToken", "p1"}}}}),
           {"-N", "-H", session_header(id)});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/event-stream");
  const auto messages = sse_messages(r.body);
  ASSERT_EQ(messages.size(), 4u) << r.body;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(messages[i]["method"], "notifications/progress");
    EXPECT_EQ(messages[i]["params"]["progressToken"], "p1");
    EXPECT_EQ(messages[i]["params"]["progress"], i + 1);
  }
  EXPECT_EQ(messages[3]["id"], "c1");
  EXPECT_EQ(messages[3]["result"]["structuredContent"]["done"], true);
  EXPECT_NE(r.body.find("event: message\ndata: "), std::string::npos);
}

TEST(ServerMcp, notifications_and_responses_get_202) {
  McpServer s;
  const std::string id = open_session(s);
  const Response note =
      post(s, R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
           {"-H", session_header(id)});
  EXPECT_EQ(note.status, 202);
  EXPECT_EQ(note.body, "");
  const Response response = post(s, R"({"jsonrpc":"2.0","id":7,"result":{}})",
                                 {"-H", session_header(id)});
  EXPECT_EQ(response.status, 202);
}

TEST(ServerMcp, delete_ends_the_session) {
  McpServer s;
  const std::string id = open_session(s);
  const Response deleted =
      curl({"-X", "DELETE", "-H", bearer(), "-H", session_header(id), s.url()});
  EXPECT_EQ(deleted.status, 204);
  EXPECT_EQ(post(s, rpc("3", "ping"), {"-H", session_header(id)}).status, 404);
  EXPECT_EQ(
      curl({"-X", "DELETE", "-H", bearer(), "-H", session_header(id), s.url()})
          .status,
      404);
  EXPECT_EQ(curl({"-X", "DELETE", "-H", bearer(), s.url()}).status, 400);
}

TEST(ServerMcp, get_is_405_with_allow) {
  McpServer s;
  const Response r =
      curl({"-H", bearer(), "-H", "Accept: text/event-stream", s.url()});
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "POST, DELETE");
  EXPECT_EQ(r.json()["error"]["code"], "method_not_allowed");
}

TEST(ServerMcp, a_bad_token_is_401) {
  McpServer s;
  const Response r = post(s, kInitialize, {"-H", bearer("wrong")});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("www-authenticate"), "Bearer realm=\"sctrace\"");
  EXPECT_EQ(r.json()["error"]["code"], "unauthorized");
  EXPECT_EQ(r.header("mcp-session-id"), "");
}

TEST(ServerMcp, a_foreign_origin_or_host_is_403) {
  McpServer s;
  const Response origin =
      post(s, kInitialize, {"-H", "Origin: http://evil.example.com"});
  EXPECT_EQ(origin.status, 403);
  EXPECT_EQ(origin.json()["error"]["data"]["code"], "forbidden_origin");
  const Response host = post(s, kInitialize,
                             {"-H", "Host: evil.example.com", "-H",
                              "Origin: http://evil.example.com"});
  EXPECT_EQ(host.status, 403);
  EXPECT_EQ(host.json()["error"]["data"]["code"], "forbidden_host");
  const std::string port = std::to_string(s.server.port);
  for (const std::string& local :
       {"http://localhost:" + port, "http://127.0.0.1:" + port,
        "http://[::1]:" + port}) {
    SCOPED_TRACE(local);
    EXPECT_EQ(post(s, kInitialize, {"-H", "Origin: " + local}).status, 200);
  }
  EXPECT_EQ(post(s, kInitialize, {"-H", "Host: localhost:" + port}).status,
            200);
}

TEST(ServerMcp, accept_and_content_type_are_checked) {
  McpServer s;
  const Response json_only =
      post(s, kInitialize, {"-H", "Accept: application/json"});
  EXPECT_EQ(json_only.status, 406);
  EXPECT_EQ(json_only.json()["error"]["data"]["code"], "not_acceptable");
  EXPECT_EQ(post(s, kInitialize, {"-H", "Accept: */*"}).status, 200);
  const Response text =
      post(s, kInitialize, {"-H", "Content-Type: text/plain"});
  EXPECT_EQ(text.status, 415);
  EXPECT_EQ(text.json()["error"]["data"]["code"], "unsupported_media_type");
}

TEST(ServerMcp, a_body_too_large_is_413) {
  ServerOptions o = test_options();
  o.max_body_bytes = 1000;
  McpServer s(o);
  const Response r = post(s, std::string(2000, ' ') + kInitialize);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.json()["error"]["code"], "body_too_large");
}

TEST(ServerMcp, malformed_json_is_400_with_a_parse_error) {
  McpServer s;
  const Response r = post(s, "{\"jsonrpc\":");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["code"], -32700);
  EXPECT_TRUE(r.json()["id"].is_null());
}

TEST(ServerMcp, an_unsupported_protocol_version_header_is_400) {
  McpServer s;
  const std::string id = open_session(s);
  const Response r = post(
      s, rpc("4", "ping"),
      {"-H", session_header(id), "-H", "MCP-Protocol-Version: 1999-01-01"});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["data"]["code"], "unsupported_protocol_version");
  EXPECT_EQ(
      post(s, rpc("5", "ping"),
           {"-H", session_header(id), "-H", "MCP-Protocol-Version: 2025-06-18"})
          .status,
      200);
}

TEST(ServerMcp, a_client_that_goes_away_cancels_its_call) {
  McpServer s;
  const std::string id = open_session(s);
  const auto t0 = std::chrono::steady_clock::now();
  const Response r = post(s, rpc("9", "tools/call", {{"name", "wait"}}),
                          {"-N", "--max-time", "1", "-H", session_header(id)});
  EXPECT_EQ(r.exit_code, 28); // curl's timeout
  EXPECT_EQ(s.log.waits_started, 1);
  for (int i = 0; i < 100 && !s.log.returned; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(s.log.returned);
  EXPECT_TRUE(s.log.saw_cancel);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(6));
}

TEST(ServerMcp, without_tools_there_is_no_mcp_route) {
  RunningServer s;
  const Response r = curl({"-H", bearer(), "-H", kAccept, "-H",
                           "Content-Type: application/json", "--data-binary",
                           kInitialize, s.url("/mcp")});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(curl({"-H", bearer(), s.url("/mcp")}).status, 404);
}

// Each streaming call holds a worker thread: at most half of them stream,
// so a cancel or /v1 request always finds one.
TEST(ServerMcp, past_half_the_threads_a_call_is_503_busy) {
  ServerOptions o = test_options();
  o.threads = 2; // one stream at most
  McpServer s(o);
  const std::string id = open_session(s);
  auto first = std::async(std::launch::async, [&] {
    return post(s, rpc("2", "tools/call", {{"name", "wait"}}),
                {"-N", "--max-time", "2", "-H", session_header(id)});
  });
  for (int i = 0; i < 200 && s.log.waits_started == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(s.log.waits_started, 1);
  const Response busy = post(s, rpc("3", "tools/call", {{"name", "echo"}}),
                             {"-H", session_header(id)});
  EXPECT_EQ(busy.status, 503) << busy.body;
  EXPECT_NE(busy.body.find("busy"), std::string::npos) << busy.body;
  first.wait();
  for (int i = 0; i < 200 && !s.log.returned; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  Response after;
  for (int i = 0; i < 50; ++i) { // the first stream's slot is released
    after = post(s, rpc("4", "tools/call", {{"name", "echo"}}),
                 {"-H", session_header(id)});
    if (after.status != 503)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(after.status, 200) << after.body;
}

} // namespace
} // namespace sctrace::server::test
