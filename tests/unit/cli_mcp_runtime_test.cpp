// `sctrace mcp` without a tracing environment: the runtime still exists,
// the tools that trace answer the environment's error as a result, and
// the tools that need no tracing still answer.
#include <gtest/gtest.h>

#include "cli/mcp_runtime.h"

namespace sctrace::cli {
namespace {

mcp::ToolResult call(const mcp::ToolSet& tools, const std::string& name,
                     const nlohmann::json& args) {
  std::atomic<bool> cancelled{false};
  mcp::ToolContext ctx;
  ctx.cancelled = &cancelled;
  for (const auto& t : tools)
    if (t.name == name)
      return t.call(args, ctx);
  ADD_FAILURE() << "no tool " << name;
  return {};
}

RemoteOptions missing_bpftrace() {
  RemoteOptions options;
  options.bpftrace = "/nonexistent/sctrace-test/bpftrace";
  return options;
}

TEST(McpRuntime, AMissingBpftraceStillGivesARuntime) {
  auto rt = make_mcp_runtime(missing_bpftrace());
  ASSERT_TRUE(rt.env_error.has_value());
  EXPECT_FALSE(rt.env_error->message.empty());
  ASSERT_NE(rt.runtime, nullptr);
  EXPECT_NE(rt.runtime->manager, nullptr);
  EXPECT_NE(rt.runtime->catalog, nullptr);
}

TEST(McpRuntime, TracingToolsAnswerTheEnvironmentError) {
  auto options = missing_bpftrace();
  auto rt = make_mcp_runtime(options);
  auto tools = make_mcp_tools(rt, options, 100);
  auto r = call(tools, "trace_syscalls",
                {{"target", {{"comm", "nothing"}}}, {"duration", 1}});
  ASSERT_TRUE(r.is_error);
  const auto& err = r.structured["error"];
  EXPECT_TRUE(err["code"] == "unsupported" || err["code"] == "not_root")
      << err.dump();
  EXPECT_NE(err["message"].get<std::string>().find("cannot trace"),
            std::string::npos)
      << err.dump();
  EXPECT_FALSE(err["hint"].get<std::string>().empty());
}

TEST(McpRuntime, SuggestionsNeedNoTracing) {
  auto options = missing_bpftrace();
  auto rt = make_mcp_runtime(options);
  auto tools = make_mcp_tools(rt, options, 100);
  auto r = call(tools, "suggest_syscalls",
                {{"description", "a config file is missing"}});
  EXPECT_FALSE(r.is_error) << r.structured.dump();
}

} // namespace
} // namespace sctrace::cli
