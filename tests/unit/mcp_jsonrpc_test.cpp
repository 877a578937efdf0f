// JSON-RPC 2.0 as the Connection speaks it: every error code, ids,
// notifications and responses from the client.
#include <gtest/gtest.h>

#include "mcp/jsonrpc.h"
#include "mcp_fakes.h"

namespace sctrace::mcp {
namespace {

using namespace testing;
namespace rpc = jsonrpc;

class JsonRpc : public ::testing::Test {
protected:
  WaitProbe probe;
  ToolSet tools = fake_tools(probe);
  Connection c{tools, ServerInfo{"sctrace", "9.9", "title", "help"}};
};

int code_of(const json& response) {
  return response.at("error").at("code").get<int>();
}

TEST_F(JsonRpc, TextThatIsNotJsonIsAParseErrorWithItsPosition) {
  auto r = one(c, std::string("{\"jsonrpc\": \"2.0\",\n  \"id\": }"));
  EXPECT_EQ(code_of(r), rpc::kParseError);
  EXPECT_TRUE(r.at("id").is_null());
  EXPECT_EQ(r["jsonrpc"], "2.0");
  const auto& data = r["error"]["data"];
  EXPECT_EQ(data["line"], 2);
  EXPECT_EQ(data["column"], 9);
  EXPECT_EQ(data["byte"], 27);
  EXPECT_NE(r["error"]["message"].get<std::string>().find("Parse error"),
            std::string::npos);
}

TEST_F(JsonRpc, AParseErrorQuotingBytesThatAreNotUtf8IsStillUtf8) {
  auto r = one(c, std::string("{\"id\": \"\xff\xfe"));
  EXPECT_EQ(code_of(r), rpc::kParseError);
  EXPECT_NO_THROW((void)r.dump()); // strict: throws on invalid UTF-8
}

TEST_F(JsonRpc, NestingBeyondTheBoundIsAParseErrorNotACrash) {
  std::string deep(100000, '[');
  EXPECT_EQ(code_of(one(c, deep)), rpc::kParseError);
}

TEST_F(JsonRpc, MalformedMessagesAreInvalidRequests) {
  initialize(c, "2025-06-18");
  struct Case {
    std::string text;
    json id; // the id of the answer
  };
  std::vector<Case> cases = {
      {R"("ping")", nullptr},
      {R"(42)", nullptr},
      {R"({"id": 7, "method": "ping"})", 7},
      {R"({"jsonrpc": "1.0", "id": "a", "method": "ping"})", "a"},
      {R"({"jsonrpc": 2.0, "id": 1, "method": "ping"})", 1},
      {R"({"jsonrpc": "2.0", "id": null, "method": "ping"})", nullptr},
      {R"({"jsonrpc": "2.0", "id": 1.5, "method": "ping"})", nullptr},
      {R"({"jsonrpc": "2.0", "id": true, "method": "ping"})", nullptr},
      {R"({"jsonrpc": "2.0", "id": {"a": 1}, "method": "ping"})", nullptr},
      {R"({"jsonrpc": "2.0", "id": [1], "method": "ping"})", nullptr},
      {R"({"jsonrpc": "2.0", "id": 3, "method": 5})", 3},
      {R"({"jsonrpc": "2.0", "id": 4, "method": "ping", "params": 1})", 4},
      {R"({"jsonrpc": "2.0", "method": 5})", nullptr},
      {R"({"jsonrpc": "2.0", "id": 5})", 5},
      {R"({"jsonrpc": "2.0", "id": 6, "result": 1, "error": {}})", 6},
  };
  for (const auto& k : cases) {
    auto r = one(c, k.text);
    EXPECT_EQ(code_of(r), rpc::kInvalidRequest) << k.text;
    EXPECT_EQ(r["id"], k.id) << k.text;
  }
}

TEST_F(JsonRpc, IdsKeepTheirTypeAndValue) {
  for (json id :
       {json(0), json(-12), json(9007199254740993LL), json("x"), json("")}) {
    auto r = one(c, request(id, "ping"));
    EXPECT_EQ(r["id"], id);
    EXPECT_EQ(r["id"].is_string(), id.is_string());
    EXPECT_EQ(r["result"], json::object());
  }
}

TEST_F(JsonRpc, NotificationsAndClientResponsesGetNoAnswer) {
  initialize(c, "2025-06-18");
  Capture cap;
  for (const char* text :
       {R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
        R"({"jsonrpc":"2.0","method":"no/such/notification"})",
        R"({"jsonrpc":"2.0","method":"notifications/cancelled",
            "params":{"requestId":99}})",
        R"({"jsonrpc":"2.0","method":"notifications/cancelled"})",
        R"({"jsonrpc":"2.0","method":"tools/list"})",
        R"({"jsonrpc":"2.0","id":5,"result":{}})",
        R"({"jsonrpc":"2.0","id":"r","error":{"code":1,"message":"m"}})"})
    c.handle_text(text, cap.out());
  EXPECT_TRUE(cap.messages().empty());
}

TEST_F(JsonRpc, UnknownMethodIsMethodNotFoundBeforeAndAfterInitialize) {
  auto r = one(c, request("abc", "resources/list"));
  EXPECT_EQ(code_of(r), rpc::kMethodNotFound);
  EXPECT_EQ(r["id"], "abc");
  initialize(c, "2025-06-18");
  EXPECT_EQ(code_of(one(c, request(2, "prompts/get"))), rpc::kMethodNotFound);
}

TEST_F(JsonRpc, RequestsBeforeInitializeAreRefusedButPing) {
  for (const char* method : {"tools/list", "tools/call", "logging/setLevel"})
    EXPECT_EQ(code_of(one(c, request(1, method))), rpc::kNotInitialized)
        << method;
  EXPECT_EQ(one(c, request(1, "ping"))["result"], json::object());
  EXPECT_FALSE(c.initialized());
}

TEST_F(JsonRpc, BadParamsAreInvalidParams) {
  EXPECT_EQ(code_of(one(c, request(1, "initialize", json::object()))),
            rpc::kInvalidParams);
  EXPECT_EQ(code_of(one(
                c, request(1, "initialize", {{"protocolVersion", 20250618}}))),
            rpc::kInvalidParams);
  initialize(c, "2025-06-18");
  std::vector<json> bad_calls = {
      json::object(),
      {{"name", 5}},
      {{"name", "no_such_tool"}},
      {{"name", "echo"}, {"arguments", json::array()}},
      {{"name", "echo"}, {"_meta", 1}},
      {{"name", "echo"}, {"_meta", {{"progressToken", true}}}},
      {{"name", "echo"}, {"_meta", {{"progressToken", 1.5}}}},
  };
  for (const auto& params : bad_calls)
    EXPECT_EQ(code_of(one(c, request(3, "tools/call", params))),
              rpc::kInvalidParams)
        << params.dump();
  EXPECT_EQ(code_of(one(c, request(4, "tools/call", json::array()))),
            rpc::kInvalidParams);
  EXPECT_EQ(code_of(one(c, request(5, "tools/list", {{"cursor", "p2"}}))),
            rpc::kInvalidParams);
  EXPECT_EQ(
      code_of(one(c, request(6, "logging/setLevel", {{"level", "loud"}}))),
      rpc::kInvalidParams);
  EXPECT_EQ(code_of(one(c, request(7, "logging/setLevel"))),
            rpc::kInvalidParams);
}

TEST_F(JsonRpc, UnknownToolMessageNamesTheTools) {
  initialize(c, "2025-06-18");
  auto r = one(c, request(1, "tools/call", {{"name", "nope"}}));
  auto message = r["error"]["message"].get<std::string>();
  for (const auto& tool : tools)
    EXPECT_NE(message.find(tool.name), std::string::npos) << message;
}

TEST_F(JsonRpc, ToolResultsThatBreakTheContractAreInternalErrors) {
  initialize(c, "2025-06-18");
  for (const char* name : {"not_object", "bad_utf8"}) {
    auto r = one(c, request(1, "tools/call", {{"name", name}}));
    EXPECT_EQ(code_of(r), rpc::kInternalError) << name;
    EXPECT_EQ(r["id"], 1);
    EXPECT_NO_THROW((void)r.dump());
  }
}

TEST_F(JsonRpc, SecondInitializeIsInvalidRequest) {
  initialize(c, "2025-03-26");
  auto r = one(c, initialize_request("2025-06-18", 8));
  EXPECT_EQ(code_of(r), rpc::kInvalidRequest);
  EXPECT_EQ(c.protocol_version(), "2025-03-26");
}

TEST_F(JsonRpc, DuplicateInFlightIdIsInvalidRequest) {
  initialize(c, "2025-06-18");
  Capture first;
  std::thread call([&] {
    c.handle(request(11, "tools/call", {{"name", "wait"}}), first.out());
  });
  while (!probe.started)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto r = one(c, request(11, "ping"));
  EXPECT_EQ(code_of(r), rpc::kInvalidRequest);
  EXPECT_EQ(r["id"], 11);
  // The same value as a string is another id.
  EXPECT_EQ(one(c, request("11", "ping"))["result"], json::object());
  Capture none;
  c.handle_text(R"({"jsonrpc":"2.0","method":"notifications/cancelled",
                    "params":{"requestId":11}})",
                none.out());
  call.join();
  EXPECT_TRUE(first.messages().empty());
  // Once finished, the id is free again.
  EXPECT_EQ(one(c, request(11, "ping"))["result"], json::object());
}

} // namespace
} // namespace sctrace::mcp
