// Every tool answers bad arguments with an error result: its code, a
// message naming the problem, a hint (tool_error.h, args.h).
#include <gtest/gtest.h>

#include "tools_fixture.h"

namespace sctrace::tools::test {
namespace {

using nlohmann::json;

void expect_error(ToolsFixture& f, const std::string& tool, const json& args,
                  const std::string& code, const std::string& words = "") {
  auto r = f.call(tool, args);
  EXPECT_TRUE(r.is_error) << tool << " " << args.dump();
  EXPECT_EQ(code_of(r), code)
      << tool << " " << args.dump() << " -> " << r.structured.dump();
  const json& e = r.structured["error"];
  EXPECT_FALSE(e.value("message", "").empty()) << tool;
  EXPECT_FALSE(e.value("hint", "").empty()) << tool;
  if (!words.empty()) {
    EXPECT_NE(e.value("message", "").find(words), std::string::npos)
        << tool << ": " << e.dump();
  }
  EXPECT_FALSE(r.text.empty());
}

const json kAll = {{"all", true}};

TEST(ToolsValidation, syscalls_input_tools) {
  ToolsFixture f;
  for (const char* tool : {"trace_syscalls", "slow_syscalls", "count_syscalls",
                           "syscall_latency"}) {
    expect_error(f, tool, json::array(), "invalid_argument");
    expect_error(f, tool, json::object(), "invalid_argument", "target");
    expect_error(f, tool, {{"target", kAll}, {"duration", 0}},
                 "invalid_argument", "duration");
    expect_error(f, tool, {{"target", kAll}, {"duration", 301}},
                 "invalid_argument", "duration");
    expect_error(f, tool, {{"target", kAll}, {"duration", "5"}},
                 "invalid_argument", "duration");
    expect_error(f, tool, {{"target", kAll}, {"bogus", 1}}, "invalid_argument",
                 "bogus");
    expect_error(f, tool, {{"target", {{"command", {"/bin/true"}}}}},
                 "refused_by_policy", "command");
    expect_error(f, tool, {{"target", {{"pid", 4194304 + 7}}}},
                 "no_such_process");
    expect_error(f, tool, {{"target", kAll}, {"syscalls", {"nosuchcall"}}},
                 "unknown_syscall", "nosuchcall");
  }
  expect_error(
      f, "trace_syscalls",
      {{"target", kAll}, {"only_failed", true}, {"only_success", true}},
      "invalid_argument");
  expect_error(f, "count_syscalls", {{"target", kAll}, {"per_process", "yes"}},
               "invalid_argument", "per_process");
  expect_error(f, "syscall_latency", {{"target", kAll}, {"per_process", true}},
               "invalid_argument");
}

TEST(ToolsValidation, tracing_tools_say_why_the_machine_cannot_trace) {
  ToolsFixture f;
  f.ctx.environment_error =
      make_error(ErrorKind::Permission, "sctrace needs root to load BPF "
                                        "programs (run it as root)");
  for (const char* tool :
       {"trace_syscalls", "slow_syscalls", "count_syscalls", "syscall_latency"})
    expect_error(f, tool, {{"target", kAll}}, "not_root");
  expect_error(f, "trace", {{"specs", {"sys_openat"}}}, "not_root");
  // explain_program needs no root.
  auto r = f.call("explain_program", {{"specs", {"sys_openat"}}});
  EXPECT_FALSE(r.is_error) << r.structured.dump();
}

TEST(ToolsValidation, trace) {
  ToolsFixture f;
  expect_error(f, "trace", json::object(), "invalid_argument", "specs");
  expect_error(f, "trace", {{"specs", json::array()}}, "invalid_argument");
  expect_error(f, "trace", {{"specs", {1}}}, "invalid_argument");
  expect_error(f, "trace", {{"specs", {"sys_openat"}}, {"duration", 0}},
               "invalid_argument", "duration");
  expect_error(f, "trace", {{"specs", {"sys_openat"}}, {"pid", "1"}},
               "invalid_argument", "pid");
  expect_error(f, "trace",
               {{"specs", {"sys_openat"}}, {"comm", "a"}, {"process", "a"}},
               "invalid_argument");
  json many = json::array();
  for (int i = 0; i < 9; ++i)
    many.push_back("sys_openat");
  expect_error(f, "trace", {{"specs", many}}, "invalid_argument", "at most");
  auto r = f.call("trace", {{"specs", {"sys_openat \"%d\", arg9x"}}});
  EXPECT_EQ(code_of(r), "invalid_spec") << r.structured.dump();
  EXPECT_EQ(r.structured["error"]["line"], 1);
  EXPECT_EQ(r.structured["error"]["column"], 18);
  expect_error(f, "trace", {{"specs", {"vfs_read"}}}, "kprobes_unavailable");
  expect_error(f, "trace", {{"specs", {"u:/bin/bash:readline"}}},
               "refused_by_policy");
  expect_error(f, "trace", {{"specs", {"sys_nosuchcall"}}}, "unknown_syscall");
  // "did you mean sys_gettid, sys_getpid" still names an unknown syscall.
  expect_error(f, "trace", {{"specs", {"sys_gettd"}}}, "unknown_syscall");
  expect_error(f, "trace", {{"specs", {"sys_openat"}}, {"pid", 4194304 + 7}},
               "no_such_process");
}

TEST(ToolsValidation, get_trace_events) {
  ToolsFixture f;
  expect_error(f, "get_trace_events", json::object(), "invalid_argument",
               "trace_id");
  expect_error(f, "get_trace_events", {{"trace_id", 5}}, "invalid_argument");
  expect_error(f, "get_trace_events", {{"trace_id", "t-0"}, {"cursor", -1}},
               "invalid_argument", "cursor");
  expect_error(f, "get_trace_events", {{"trace_id", "t-0"}, {"limit", 1001}},
               "invalid_argument", "limit");
  expect_error(f, "get_trace_events", {{"trace_id", "t-0123456789abcdef"}},
               "not_found", "t-0123456789abcdef");
}

TEST(ToolsValidation, capabilities_suggest_explain) {
  ToolsFixture f;
  expect_error(f, "capabilities", {{"x", 1}}, "invalid_argument", "x");
  expect_error(f, "suggest_syscalls", json::object(), "invalid_argument");
  expect_error(f, "suggest_syscalls", {{"description", 5}}, "invalid_argument");
  expect_error(f, "suggest_syscalls", {{"description", std::string(5000, 'a')}},
               "invalid_argument");
  expect_error(f, "explain_program", json::object(), "invalid_argument",
               "specs");
  expect_error(f, "explain_program", {{"input", 3}}, "invalid_argument");
  expect_error(f, "explain_program",
               {{"mode", "bogus"}, {"input", {{"target", kAll}}}},
               "invalid_argument", "bogus");
}

TEST(ToolsValidation, capabilities_and_suggestions_answer) {
  ToolsFixture f;
  auto c = f.call("capabilities", json::object());
  ASSERT_FALSE(c.is_error) << c.structured.dump();
  EXPECT_EQ(c.structured["policy"]["allow_uprobes"], false);
  EXPECT_EQ(c.structured["limits"]["page_events"], 100);
  EXPECT_EQ(c.structured["limits"]["max_page_events"], 1000);
  EXPECT_TRUE(c.structured["checks"].contains("root_access"));
  auto s = f.call("suggest_syscalls", {{"description", "file not found"}});
  ASSERT_FALSE(s.is_error) << s.structured.dump();
  ASSERT_FALSE(s.structured["suggestions"].empty());
  bool openat = false;
  for (const auto& x : s.structured["suggestions"])
    openat = openat || x["syscall"] == "openat";
  EXPECT_TRUE(openat) << s.structured.dump();
}

} // namespace
} // namespace sctrace::tools::test
