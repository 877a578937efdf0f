// A ToolsContext for the tools' unit tests: no root, no bpftrace (the
// environment names /bin/false), the recorded tracefs tree as the
// catalog, a real TraceManager (nothing valid is ever started), and the
// call helper.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/environment.h"
#include "gen/tracefs.h"
#include "manager/trace_manager.h"
#include "tools/tools.h"

namespace sctrace::tools::test {

struct ToolsFixture {
  manager::TraceManager manager;
  gen::TracefsCatalog catalog{SCTRACE_TEST_DATA "/tracefs"};
  ToolsContext ctx{remote::RequestContext{
                       manager,
                       catalog,
                       engine::make_environment("/bin/false", {0, 17, 0},
                                                SCTRACE_TEST_DATA "/tracefs"),
                       {}},
                   remote::MachineFacts{}, 100, 1000, std::nullopt};
  std::atomic<bool> cancelled{false};

  mcp::ToolSet tools() const { return make_tools(ctx); }

  mcp::ToolResult call(const std::string& name, const nlohmann::json& args) {
    for (auto& t : tools())
      if (t.name == name) {
        mcp::ToolContext tc;
        tc.cancelled = &cancelled;
        return t.call(args, tc);
      }
    ADD_FAILURE() << "no tool " << name;
    return {};
  }
};

inline std::string code_of(const mcp::ToolResult& r) {
  if (!r.structured.contains("error"))
    return "";
  return r.structured["error"].value("code", "");
}

} // namespace sctrace::tools::test
