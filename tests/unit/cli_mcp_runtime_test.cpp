// `sctrace mcp` without a tracing environment: the runtime still exists
// and the tools that trace answer the environment's error as a result.
#include <gtest/gtest.h>

#include "cli/mcp_runtime.h"

namespace sctrace::cli {
namespace {

mcp::Tool answering(const std::string& name) {
  mcp::Tool t;
  t.name = name;
  t.call = [name](const nlohmann::json&, mcp::ToolContext&) {
    mcp::ToolResult r;
    r.structured = {{"ran", name}};
    return r;
  };
  return t;
}

mcp::ToolResult call(const mcp::Tool& t) {
  std::atomic<bool> cancelled{false};
  mcp::ToolContext ctx;
  ctx.cancelled = &cancelled;
  return t.call(nlohmann::json::object(), ctx);
}

mcp::ToolSet sample() {
  return {answering("capabilities"), answering("suggest_syscalls"),
          answering("trace_syscalls"), answering("explain_program")};
}

TEST(McpRuntime, ToolsThatTraceAnswerTheEnvironmentError) {
  auto e =
      make_error(ErrorKind::Permission, "sctrace needs root: you are uid 1000");
  auto tools = refuse_tools(sample(), e);
  ASSERT_EQ(tools.size(), 4u);
  for (const auto& t : tools) {
    auto r = call(t);
    if (t.name == "capabilities" || t.name == "suggest_syscalls") {
      EXPECT_FALSE(r.is_error) << t.name;
      EXPECT_EQ(r.structured["ran"], t.name);
      continue;
    }
    EXPECT_TRUE(r.is_error) << t.name;
    const auto& err = r.structured["error"];
    EXPECT_EQ(err["code"], "not_root") << t.name;
    EXPECT_NE(err["message"].get<std::string>().find("you are uid 1000"),
              std::string::npos);
    EXPECT_FALSE(err["hint"].get<std::string>().empty());
    EXPECT_FALSE(r.text.empty());
  }
}

TEST(McpRuntime, OtherFailuresAreEnvironmentUnavailable) {
  auto e = make_error(ErrorKind::NotFound, "bpftrace not found in PATH");
  auto tools = refuse_tools(sample(), e);
  auto r = call(tools[2]);
  EXPECT_EQ(r.structured["error"]["code"], "environment_unavailable");
}

TEST(McpRuntime, AMissingBpftraceStillGivesARuntime) {
  RemoteOptions options;
  options.bpftrace = "/nonexistent/sctrace-test/bpftrace";
  auto rt = make_mcp_runtime(options);
  ASSERT_TRUE(rt.env_error.has_value());
  EXPECT_FALSE(rt.env_error->message.empty());
  ASSERT_NE(rt.runtime, nullptr);
  EXPECT_NE(rt.runtime->manager, nullptr);
  EXPECT_NE(rt.runtime->catalog, nullptr);
}

} // namespace
} // namespace sctrace::cli
