// tools/call: arguments, progress notifications, cancellation from
// another thread, and tools that throw.
#include <gtest/gtest.h>

#include "mcp/jsonrpc.h"
#include "mcp_fakes.h"

namespace sctrace::mcp {
namespace {

using namespace testing;

class ToolsCall : public ::testing::Test {
protected:
  WaitProbe probe;
  ToolSet tools = fake_tools(probe);
  Connection c{tools, ServerInfo{}};
  Capture cap;

  void SetUp() override { initialize(c, "2025-11-25"); }

  void wait_started() {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!probe.started && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_TRUE(probe.started);
  }
};

json progress_call(const json& id, const json& token, const json& values) {
  return request(id, "tools/call",
                 {{"name", "progress"},
                  {"arguments", {{"values", values}, {"total", 3}}},
                  {"_meta", {{"progressToken", token}}}});
}

TEST_F(ToolsCall, ArgumentsReachTheTool) {
  json args = {{"pid", 1234}, {"syscalls", {"read", "write"}}};
  auto r = one(c, request(1, "tools/call",
                          {{"name", "echo"}, {"arguments", args}}))["result"];
  EXPECT_EQ(r["structuredContent"]["args"], args);
  auto none = one(c, request(2, "tools/call", {{"name", "echo"}}))["result"];
  EXPECT_EQ(none["structuredContent"]["args"], json::object());
}

TEST_F(ToolsCall, ProgressIncreasesStrictlyAndEchoesTheToken) {
  for (json token : {json("tok-1"), json(42)}) {
    cap.clear();
    c.handle(progress_call(7, token, {1, 1, 0.5, 2, nullptr, 3, 2.5}),
             cap.out());
    auto m = cap.messages();
    ASSERT_EQ(m.size(), 4u) << token; // 1, 2, 3, then the response
    double last = 0;
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(m[i]["method"], "notifications/progress");
      EXPECT_FALSE(m[i].contains("id"));
      const auto& p = m[i]["params"];
      EXPECT_EQ(p["progressToken"], token);
      EXPECT_EQ(p["progressToken"].type(), token.type());
      EXPECT_GT(p["progress"].get<double>(), last);
      last = p["progress"].get<double>();
      EXPECT_EQ(p["total"], 3);
      EXPECT_EQ(p["message"].get<std::string>().substr(0, 5), "step ");
    }
    EXPECT_EQ(last, 3);
    EXPECT_EQ(m[3]["id"], 7);
    EXPECT_EQ(m[3]["result"]["isError"], false);
  }
}

TEST_F(ToolsCall, NoTokenNoProgress) {
  c.handle(request(1, "tools/call",
                   {{"name", "progress"}, {"arguments", {{"values", {1, 2}}}}}),
           cap.out());
  auto m = cap.messages();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]["id"], 1);
}

TEST_F(ToolsCall, OldVersionsGetNoProgressMessage) {
  Connection old(tools, ServerInfo{});
  initialize(old, "2024-11-05");
  old.handle(progress_call(1, "t", {1}), cap.out());
  auto m = cap.messages();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0]["params"]["progress"], 1);
  EXPECT_FALSE(m[0]["params"].contains("message"));
}

TEST_F(ToolsCall, CancelledFromAnotherThreadSendsNoResponse) {
  std::thread call([&] {
    c.handle(request(9, "tools/call",
                     {{"name", "wait"}, {"_meta", {{"progressToken", 1}}}}),
             cap.out());
  });
  wait_started();
  Capture side;
  // Another type of id, or an unknown one, cancels nothing.
  c.handle_text(R"({"jsonrpc":"2.0","method":"notifications/cancelled",
                    "params":{"requestId":"9","reason":"no"}})",
                side.out());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(probe.saw_cancel);
  c.handle_text(R"({"jsonrpc":"2.0","method":"notifications/cancelled",
                    "params":{"requestId":9,"reason":"user stopped it"}})",
                side.out());
  call.join();
  EXPECT_TRUE(probe.saw_cancel);
  EXPECT_TRUE(side.messages().empty());
  EXPECT_TRUE(cap.messages().empty());
  // The connection goes on.
  EXPECT_EQ(one(c, request(9, "ping"))["id"], 9);
}

TEST_F(ToolsCall, CancelAllStopsRunningCalls) {
  std::thread call([&] {
    c.handle(request("w", "tools/call", {{"name", "wait"}}), cap.out());
  });
  wait_started();
  c.cancel_all();
  call.join();
  EXPECT_TRUE(probe.saw_cancel);
  // The transport is closing: a call that starts now starts cancelled.
  probe.saw_cancel = false;
  c.handle(request("late", "tools/call", {{"name", "wait"}}), cap.out());
  EXPECT_TRUE(probe.saw_cancel);
  EXPECT_TRUE(cap.messages().empty());
}

TEST_F(ToolsCall, AThrowingToolIsAnErrorResult) {
  auto r = one(c, request(1, "tools/call", {{"name", "throws"}}));
  ASSERT_TRUE(r.contains("result")) << r.dump();
  EXPECT_EQ(r["result"]["isError"], true);
  const auto& e = r["result"]["structuredContent"]["error"];
  EXPECT_EQ(e["code"], "internal");
  EXPECT_NE(e["message"].get<std::string>().find("boom in the fake tool"),
            std::string::npos);
  EXPECT_FALSE(e["hint"].get<std::string>().empty());
  // The connection keeps working.
  EXPECT_EQ(one(c, request(2, "ping"))["result"], json::object());
}

} // namespace
} // namespace sctrace::mcp
