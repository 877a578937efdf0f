// specs/mcp/<tool>.input.json and .output.json are the tools' schemas as
// make_tools builds them, so clients and tests/schema/check_mcp_schemas.py
// read the real ones. With SCTRACE_WRITE_MCP_SPECS=1 the test writes them
// (after a schema change) instead of comparing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tools_fixture.h"

namespace sctrace::tools::test {
namespace {

using nlohmann::json;

std::string spec_path(const std::string& tool, const char* which) {
  return std::string(SCTRACE_SPECS_DIR) + "/mcp/" + tool + "." + which +
         ".json";
}

TEST(ToolsSpecFiles, specs_mcp_holds_every_tools_schemas) {
  ToolsFixture f;
  const char* write = std::getenv("SCTRACE_WRITE_MCP_SPECS");
  for (const auto& t : f.tools())
    for (auto [which, schema] : {std::pair{"input", &t.input_schema},
                                 std::pair{"output", &t.output_schema}}) {
      const std::string path = spec_path(t.name, which);
      if (write && std::string(write) == "1") {
        std::ofstream(path) << schema->dump(2) << "\n";
        continue;
      }
      std::ifstream in(path);
      ASSERT_TRUE(in) << path << " is missing: run this test with "
                      << "SCTRACE_WRITE_MCP_SPECS=1";
      std::stringstream text;
      text << in.rdbuf();
      EXPECT_EQ(json::parse(text.str(), nullptr, false), *schema)
          << path << " differs from the tool's schema: run this test with "
          << "SCTRACE_WRITE_MCP_SPECS=1 and commit the files";
    }
}

} // namespace
} // namespace sctrace::tools::test
