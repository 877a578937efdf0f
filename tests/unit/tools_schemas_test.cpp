// The tools' list, schemas and annotations (tools.h, schemas.h).
#include <gtest/gtest.h>

#include <set>

#include "tools_fixture.h"

namespace sctrace::tools::test {
namespace {

using nlohmann::json;

TEST(ToolsSchemas, make_tools_lists_every_tool_once) {
  ToolsFixture f;
  std::set<std::string> names;
  for (const auto& t : f.tools())
    EXPECT_TRUE(names.insert(t.name).second) << t.name;
  EXPECT_EQ(names, (std::set<std::string>{
                       "trace_syscalls", "trace", "count_syscalls",
                       "syscall_latency", "slow_syscalls", "get_trace_events",
                       "capabilities", "suggest_syscalls", "explain_program"}));
}

TEST(ToolsSchemas, schemas_are_2020_12_object_schemas) {
  ToolsFixture f;
  for (const auto& t : f.tools()) {
    for (const json* s : {&t.input_schema, &t.output_schema}) {
      ASSERT_TRUE(s->is_object()) << t.name;
      EXPECT_EQ(s->value("type", ""), "object") << t.name;
      EXPECT_EQ(s->value("$schema", ""),
                "https://json-schema.org/draft/2020-12/schema")
          << t.name;
      EXPECT_TRUE((*s)["properties"].is_object()) << t.name;
    }
    EXPECT_EQ(t.input_schema["additionalProperties"], false) << t.name;
    EXPECT_FALSE(t.title.empty()) << t.name;
    EXPECT_GT(t.description.size(), 80u) << t.name;
  }
}

TEST(ToolsSchemas, output_schemas_accept_error_results) {
  ToolsFixture f;
  for (const auto& t : f.tools()) {
    // Nothing is required at the top, and "error" is described.
    EXPECT_FALSE(t.output_schema.contains("required")) << t.name;
    const json& e = t.output_schema["properties"]["error"];
    EXPECT_EQ(e["required"], json({"code", "message", "hint"})) << t.name;
    // The error result of a bad call has exactly that shape.
    auto r = f.call(t.name, {{"no_such_key", 1}});
    ASSERT_TRUE(r.is_error) << t.name;
    ASSERT_EQ(r.structured.size(), 1u) << t.name << r.structured.dump();
    const json& err = r.structured["error"];
    for (const auto& [k, v] : err.items())
      EXPECT_TRUE(e["properties"].contains(k)) << t.name << " " << k;
    EXPECT_EQ(code_of(r), "invalid_argument") << t.name;
    bool known = false;
    for (const auto& c : e["properties"]["code"]["enum"])
      known = known || c == err["code"];
    EXPECT_TRUE(known) << t.name;
  }
}

TEST(ToolsSchemas, annotations_say_read_only_and_closed_world) {
  ToolsFixture f;
  const std::set<std::string> idempotent = {"capabilities", "suggest_syscalls",
                                            "explain_program"};
  for (const auto& t : f.tools()) {
    EXPECT_EQ(t.annotations["readOnlyHint"], true) << t.name;
    EXPECT_EQ(t.annotations["destructiveHint"], false) << t.name;
    EXPECT_EQ(t.annotations["openWorldHint"], false) << t.name;
    EXPECT_EQ(t.annotations["idempotentHint"], idempotent.count(t.name) == 1)
        << t.name;
  }
}

TEST(ToolsSchemas, trace_syscalls_input_is_seed_000s_without_command) {
  ToolsFixture f;
  for (const auto& t : f.tools())
    if (t.name == "trace_syscalls") {
      const json& p = t.input_schema["properties"];
      for (const char* k :
           {"target", "syscalls", "duration", "format", "only_failed",
            "only_success", "min_duration_us", "string_size"})
        EXPECT_TRUE(p.contains(k)) << k;
      EXPECT_FALSE(p["target"]["properties"].contains("command"));
      EXPECT_EQ(p["duration"]["maximum"], 300);
      EXPECT_EQ(t.input_schema["required"], json({"target"}));
    }
}

} // namespace
} // namespace sctrace::tools::test
