// /mcp's parts without sockets: the header checks, what a body holds, and
// the session table's bound, eviction and expiry.
#include <chrono>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "server/mcp_body.h"
#include "server/mcp_headers.h"
#include "server/mcp_sessions.h"

namespace sctrace::server {
namespace {

TEST(ServerMcpHeaders, accept_must_allow_json_and_event_stream) {
  EXPECT_TRUE(accepts_mcp("application/json, text/event-stream"));
  EXPECT_TRUE(accepts_mcp("text/event-stream;q=0.9,application/json"));
  EXPECT_TRUE(accepts_mcp("*/*"));
  EXPECT_TRUE(accepts_mcp("application/*, text/*"));
  EXPECT_TRUE(accepts_mcp("")); // no Accept header: anything
  EXPECT_TRUE(accepts_mcp("APPLICATION/JSON, Text/Event-Stream"));
  EXPECT_FALSE(accepts_mcp("application/json"));
  EXPECT_FALSE(accepts_mcp("text/event-stream"));
  EXPECT_FALSE(accepts_mcp("application/json, text/event-stream;q=0"));
  EXPECT_FALSE(accepts_mcp("text/html, application/xml"));
  EXPECT_FALSE(accepts_mcp("application/jsonx, text/event-streams"));
}

TEST(ServerMcpHeaders, content_type_is_json) {
  EXPECT_TRUE(is_json_media_type("application/json"));
  EXPECT_TRUE(is_json_media_type("Application/JSON; charset=utf-8"));
  EXPECT_FALSE(is_json_media_type(""));
  EXPECT_FALSE(is_json_media_type("text/plain"));
  EXPECT_FALSE(is_json_media_type("application/json-seq"));
}

TEST(ServerMcpHeaders, hosts_and_origins) {
  EXPECT_EQ(host_name_of("LocalHost:8642"), "localhost");
  EXPECT_EQ(host_name_of("[::1]:8642"), "[::1]");
  EXPECT_EQ(host_name_of("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(origin_host("http://evil.example.com"), "evil.example.com");
  EXPECT_EQ(origin_host("https://[::1]:8642/x"), "[::1]");
  EXPECT_EQ(origin_host("null"), "");
  EXPECT_EQ(origin_host("http://localhost@evil.example.com"), "");
  for (const char* name : {"localhost", "127.0.0.1", "[::1]"})
    EXPECT_TRUE(allowed_host(name, "127.0.0.1")) << name;
  EXPECT_TRUE(allowed_host("10.0.0.5", "10.0.0.5"));
  EXPECT_TRUE(allowed_host("[fe80::1]", "fe80::1"));
  EXPECT_FALSE(allowed_host("evil.example.com", "127.0.0.1"));
  EXPECT_FALSE(allowed_host("", "127.0.0.1"));
  EXPECT_FALSE(allowed_host("localhost.evil.example.com", "127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_FALSE(is_loopback_host("0.0.0.0"));
}

TEST(ServerMcpHeaders, protocol_versions) {
  EXPECT_TRUE(supported_version("2025-03-26"));
  EXPECT_TRUE(supported_version("2025-06-18"));
  EXPECT_FALSE(supported_version("1999-01-01"));
  EXPECT_FALSE(supported_version(""));
}

TEST(ServerMcpBody, classifies_requests_notifications_and_batches) {
  const auto body = [](const char* text) {
    return classify_mcp_body(nlohmann::json::parse(text));
  };
  const McpBody init =
      body(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})");
  EXPECT_TRUE(init.initialize);
  EXPECT_FALSE(init.streams);
  EXPECT_EQ(init.request_ids, std::vector<nlohmann::json>{1});
  const McpBody call =
      body(R"({"jsonrpc":"2.0","id":"a","method":"tools/call"})");
  EXPECT_TRUE(call.streams);
  EXPECT_FALSE(call.initialize);
  EXPECT_TRUE(body(R"({"jsonrpc":"2.0","method":"notifications/initialized"})")
                  .request_ids.empty());
  EXPECT_TRUE(
      body(R"({"jsonrpc":"2.0","id":3,"result":{}})").request_ids.empty());
  const McpBody batch = body(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},
      {"jsonrpc":"2.0","method":"x"}, 5,
      {"jsonrpc":"2.0","id":2,"method":"tools/call"},
      {"jsonrpc":"2.0","id":9,"method":"initialize"}])");
  EXPECT_EQ(batch.request_ids.size(), 3u);
  EXPECT_TRUE(batch.streams);
  EXPECT_FALSE(batch.initialize); // never in a batch
  EXPECT_TRUE(body("42").request_ids.empty());
}

using Clock = McpSessions::Clock;

TEST(ServerMcpSessions, ids_are_128_bit_hex_and_distinct) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    auto id = random_session_id();
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(id->size(), 32u);
    EXPECT_EQ(id->find_first_not_of("0123456789abcdef"), std::string::npos);
    ids.insert(*id);
  }
  EXPECT_EQ(ids.size(), 100u);
}

TEST(ServerMcpSessions, past_the_bound_the_oldest_idle_one_goes) {
  const mcp::ToolSet tools;
  McpSessions sessions(tools, {}, 2, std::chrono::minutes(10));
  const auto t0 = Clock::now();
  auto a = sessions.create(t0);
  auto b = sessions.create(t0 + std::chrono::seconds(1));
  ASSERT_TRUE(a.ok() && b.ok());
  const std::string a_id = a->id, b_id = b->id;
  a->session.reset();
  b->session.reset();
  auto c = sessions.create(t0 + std::chrono::seconds(2));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions.find(a_id, t0 + std::chrono::seconds(3)), nullptr);
  EXPECT_NE(sessions.find(b_id, t0 + std::chrono::seconds(3)), nullptr);
}

TEST(ServerMcpSessions, when_every_session_is_in_use_create_fails) {
  const mcp::ToolSet tools;
  McpSessions sessions(tools, {}, 1, std::chrono::minutes(10));
  auto a = sessions.create();
  ASSERT_TRUE(a.ok());
  auto b = sessions.create();
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().kind, ErrorKind::Unsupported);
  a->session.reset();
  EXPECT_TRUE(sessions.create().ok());
}

TEST(ServerMcpSessions, idle_sessions_expire_and_end_removes) {
  const mcp::ToolSet tools;
  McpSessions sessions(tools, {}, 8, std::chrono::seconds(600));
  const auto t0 = Clock::now();
  std::string idle_id, ended_id;
  {
    auto a = sessions.create(t0);
    auto b = sessions.create(t0);
    ASSERT_TRUE(a.ok() && b.ok());
    idle_id = a->id;
    ended_id = b->id;
  }
  EXPECT_NE(sessions.find(idle_id, t0 + std::chrono::seconds(599)), nullptr);
  EXPECT_EQ(sessions.find(idle_id, t0 + std::chrono::seconds(1200)), nullptr);
  EXPECT_TRUE(sessions.end(ended_id));
  EXPECT_FALSE(sessions.end(ended_id));
  EXPECT_EQ(sessions.find(ended_id), nullptr);
  EXPECT_EQ(sessions.size(), 0u);
}

TEST(ServerMcpSessions, a_session_in_use_does_not_expire) {
  const mcp::ToolSet tools;
  McpSessions sessions(tools, {}, 8, std::chrono::seconds(1));
  const auto t0 = Clock::now();
  auto a = sessions.create(t0);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(sessions.find(a->id, t0 + std::chrono::hours(1)), a->session);
}

} // namespace
} // namespace sctrace::server
