// The MCP lifecycle: version negotiation, the initialize result, batches
// (2025-03-26 only), logging/setLevel and what each version lists.
#include <gtest/gtest.h>

#include "mcp/jsonrpc.h"
#include "mcp_fakes.h"

namespace sctrace::mcp {
namespace {

using namespace testing;
namespace rpc = jsonrpc;

class Lifecycle : public ::testing::Test {
protected:
  WaitProbe probe;
  ToolSet tools = fake_tools(probe);
  ServerInfo info{"sctrace", "1.2.3", "sctrace title", "use the tools"};
};

TEST_F(Lifecycle, EverySupportedVersionIsAnsweredAsAsked) {
  const auto& versions = supported_protocol_versions();
  ASSERT_GE(versions.size(), 4u);
  EXPECT_EQ(versions.front(), "2025-11-25");
  for (const auto& v : versions) {
    Connection c(tools, info);
    EXPECT_EQ(c.protocol_version(), "");
    auto r = one(c, initialize_request(v));
    EXPECT_EQ(r["result"]["protocolVersion"], v);
    EXPECT_EQ(c.protocol_version(), v);
    EXPECT_TRUE(c.initialized());
  }
}

TEST_F(Lifecycle, UnsupportedVersionGetsTheNewest) {
  for (const char* v : {"1999-01-01", "2026-01-01", "", "latest"}) {
    Connection c(tools, info);
    auto r = one(c, initialize_request(v));
    EXPECT_EQ(r["result"]["protocolVersion"],
              supported_protocol_versions().front())
        << v;
  }
}

TEST_F(Lifecycle, InitializeResultHasServerInfoCapabilitiesInstructions) {
  Connection c(tools, info);
  auto r = one(c, initialize_request("2025-06-18", "init"))["result"];
  EXPECT_EQ(r["serverInfo"]["name"], "sctrace");
  EXPECT_EQ(r["serverInfo"]["version"], "1.2.3");
  EXPECT_EQ(r["serverInfo"]["title"], "sctrace title");
  EXPECT_EQ(r["capabilities"]["tools"]["listChanged"], false);
  EXPECT_TRUE(r["capabilities"]["logging"].is_object());
  EXPECT_EQ(r["instructions"], "use the tools");
  Connection old(tools, info);
  auto o = one(old, initialize_request("2025-03-26"))["result"];
  EXPECT_FALSE(o["serverInfo"].contains("title"));
}

TEST_F(Lifecycle, BatchesOnlyIn20250326) {
  json batch = json::array(
      {request(1, "ping"),
       {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}},
       request("two", "tools/list"),
       json(5)});
  for (const auto& v : supported_protocol_versions()) {
    Connection c(tools, info);
    initialize(c, v);
    Capture cap;
    c.handle_text(batch.dump(), cap.out());
    auto m = cap.messages();
    ASSERT_EQ(m.size(), 1u) << v;
    if (v != "2025-03-26") {
      ASSERT_TRUE(m[0].is_object()) << v;
      EXPECT_EQ(m[0]["error"]["code"], rpc::kInvalidRequest) << v;
      EXPECT_TRUE(m[0]["id"].is_null());
      continue;
    }
    ASSERT_TRUE(m[0].is_array());
    ASSERT_EQ(m[0].size(), 3u); // the notification gets no answer
    EXPECT_EQ(m[0][0]["id"], 1);
    EXPECT_EQ(m[0][1]["id"], "two");
    EXPECT_EQ(m[0][1]["result"]["tools"].size(), tools.size());
    EXPECT_EQ(m[0][2]["error"]["code"], rpc::kInvalidRequest);
  }
}

TEST_F(Lifecycle, BatchEdgeCases) {
  Connection c(tools, info);
  auto before = one(c, json::array({request(1, "ping")}));
  EXPECT_EQ(before["error"]["code"], rpc::kInvalidRequest);
  initialize(c, "2025-03-26");
  EXPECT_EQ(one(c, std::string("[]"))["error"]["code"], rpc::kInvalidRequest);
  Capture cap;
  c.handle_text(
      R"([{"jsonrpc":"2.0","method":"notifications/initialized"},
          {"jsonrpc":"2.0","id":3,"result":{}}])",
      cap.out());
  EXPECT_TRUE(cap.messages().empty());
  auto nested =
      one(c, std::string(R"([[{"jsonrpc":"2.0","id":1,"method":"ping"}]])"));
  ASSERT_TRUE(nested.is_array());
  EXPECT_EQ(nested[0]["error"]["code"], rpc::kInvalidRequest);
}

TEST_F(Lifecycle, SetLevelTakesTheEightSyslogLevels) {
  Connection c(tools, info);
  initialize(c, "2025-06-18");
  for (const char* level : {"debug", "info", "notice", "warning", "error",
                            "critical", "alert", "emergency"})
    EXPECT_EQ(
        one(c, request(1, "logging/setLevel", {{"level", level}}))["result"],
        json::object())
        << level;
  EXPECT_EQ(one(c, request(1, "logging/setLevel",
                           {{"level", "DEBUG"}}))["error"]["code"],
            rpc::kInvalidParams);
}

json listed(const ToolSet& tools, const ServerInfo& info,
            const std::string& version) {
  Connection c(tools, info);
  initialize(c, version);
  return one(c, request(2, "tools/list"))["result"];
}

TEST_F(Lifecycle, ToolsListKeepsOnlyWhatTheVersionHas) {
  for (const auto& v : supported_protocol_versions()) {
    auto r = listed(tools, info, v);
    ASSERT_EQ(r["tools"].size(), tools.size()) << v;
    EXPECT_FALSE(r.contains("nextCursor"));
    bool structured = v >= "2025-06-18", annotations = v >= "2025-03-26";
    for (std::size_t i = 0; i < tools.size(); ++i) {
      const auto& t = r["tools"][i];
      EXPECT_EQ(t["name"], tools[i].name);
      EXPECT_EQ(t["description"], tools[i].description);
      EXPECT_EQ(t["inputSchema"], tools[i].input_schema);
      EXPECT_EQ(t.contains("title"), structured) << v;
      EXPECT_EQ(t.contains("outputSchema"), structured) << v;
      EXPECT_EQ(t.contains("annotations"), annotations) << v;
      if (structured) {
        EXPECT_EQ(t["title"], tools[i].title);
      }
    }
  }
}

TEST_F(Lifecycle, CallResultsKeepOnlyWhatTheVersionHas) {
  json args = {{"n", 3}, {"s", "x"}};
  for (const auto& v : supported_protocol_versions()) {
    Connection c(tools, info);
    initialize(c, v);
    auto r = one(c, request(1, "tools/call",
                            {{"name", "echo"}, {"arguments", args}}))["result"];
    EXPECT_EQ(r["isError"], false);
    EXPECT_EQ(r["content"][0]["type"], "text");
    EXPECT_EQ(r["content"][0]["text"], "echoed 2 arguments");
    if (v >= "2025-06-18") {
      EXPECT_EQ(r["structuredContent"]["args"], args) << v;
    } else {
      EXPECT_FALSE(r.contains("structuredContent")) << v;
      ASSERT_EQ(r["content"].size(), 2u) << v;
      EXPECT_EQ(json::parse(r["content"][1]["text"].get<std::string>()),
                json({{"args", args}}));
    }
  }
}

} // namespace
} // namespace sctrace::mcp
