// tool_code(): the codes the tools answer for the remote layer's errors,
// including messages whose words could mislead a match.
#include <gtest/gtest.h>

#include "tools/tool_error.h"

namespace sctrace::tools {
namespace {

TEST(ToolCode, AnUnknownSyscallStaysOneWhenItsSuggestionsSayPid) {
  auto e = make_error(ErrorKind::NotFound,
                      "unknown syscall 'gettd' in probe sys_gettd: did you "
                      "mean sys_gettid, sys_getpid?");
  EXPECT_EQ(tool_code(e), "unknown_syscall");
}

TEST(ToolCode, AMissingProcessIsNoSuchProcess) {
  auto e = make_error(ErrorKind::NotFound, "no process 4194303: pid not alive");
  EXPECT_EQ(tool_code(e), "no_such_process");
}

TEST(ToolCode, APolicyRefusalNamingChrootIsNotNotRoot) {
  auto e = make_error(ErrorKind::Permission,
                      "reading a string at an address that is not a string "
                      "argument of chroot is not allowed");
  EXPECT_EQ(tool_code(e), "refused_by_policy");
  auto k = make_error(ErrorKind::Permission,
                      "kernel functions (proc_root_lookup) are not allowed "
                      "for remote requests on this server");
  EXPECT_EQ(tool_code(k), "refused_by_policy");
}

TEST(ToolCode, TheEnvironmentCheckIsNotRoot) {
  auto e = make_error(ErrorKind::Permission,
                      "sctrace needs root to load BPF programs (it runs as "
                      "uid 65534)");
  EXPECT_EQ(tool_code(e), "not_root");
}

TEST(ToolCode, EveryCodeHasAHintAndIsInTheSchema) {
  const auto codes = error_schema()["properties"]["code"]["enum"];
  for (const auto& c : codes) {
    auto r = error_result(c.get<std::string>(), "m", "");
    EXPECT_FALSE(r.structured["error"]["hint"].get<std::string>().empty()) << c;
  }
  EXPECT_NE(std::find(codes.begin(), codes.end(), "internal"), codes.end());
}

} // namespace
} // namespace sctrace::tools
