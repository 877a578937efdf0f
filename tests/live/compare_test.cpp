// `sctrace compare` against the real strace and the real kernel: the two
// traces of the same command must agree.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>

#include "live_util.h"

namespace sctrace::live {
namespace {

std::string strace_skip_reason() {
  if (!have_command("strace"))
    return "strace is not installed (apt-get install strace)";
  return {};
}

#define REQUIRE_STRACE()                                                       \
  do {                                                                         \
    SCTRACE_REQUIRE_LIVE();                                                    \
    std::string why_ = strace_skip_reason();                                   \
    if (!why_.empty())                                                         \
      SCTRACE_SKIP_MISSING(why_);                                              \
  } while (0)

// The disagreements, readable, for a failure message.
std::string examples(const nlohmann::json& j) {
  std::string out;
  for (const auto& e : j["examples"])
    out += "\n  " + e["kind"].get<std::string>() + " " +
           e["syscall"].get<std::string>() + ": " +
           e["detail"].get<std::string>() +
           "\n    strace:  " + e["strace"].get<std::string>() +
           "\n    sctrace: " + e["sctrace"].dump();
  for (const auto& p : j["per_syscall"])
    if (!p["match"].get<bool>())
      out += "\n  count " + p["syscall"].get<std::string>() + ": strace " +
             p["strace"].dump() + ", sctrace " + p["sctrace"].dump();
  return out;
}

nlohmann::json compare(const std::vector<std::string>& args, int& code) {
  RunResult r = sctrace(args, 240);
  code = r.exit_code;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
  return j.is_discarded() ? nlohmann::json::object() : j;
}

void expect_equal_counts(const nlohmann::json& j,
                         const std::vector<std::string>& names) {
  std::map<std::string, nlohmann::json> per;
  for (const auto& p : j["per_syscall"])
    per[p["syscall"].get<std::string>()] = p;
  for (const auto& n : names) {
    ASSERT_TRUE(per.count(n)) << n << " missing";
    EXPECT_GT(per[n]["strace"].get<int>(), 0) << n;
    EXPECT_EQ(per[n]["strace"], per[n]["sctrace"]) << n;
  }
}

TEST(LiveCompare, ls_la_etc_matches_strace) {
  REQUIRE_STRACE();
  int code = -1;
  nlohmann::json j = compare(
      {"compare", "-q", "--format", "json", "--", "ls", "-la", "/etc"}, code);
  ASSERT_TRUE(j.contains("verdict"));
  expect_equal_counts(j, {"read", "openat", "close"});
  EXPECT_GT(j["paired_calls"].get<int>(), 0);
  EXPECT_EQ(j["threads"]["paired"], 1);
  EXPECT_EQ(j["sctrace"]["events_dropped"], 0);
  EXPECT_EQ(j["return_mismatches"], 0);
  EXPECT_EQ(j["verdict"].get<std::string>(), "match") << examples(j);
  EXPECT_EQ(code, j["verdict"] == "match" ? 0 : 1);
}

TEST(LiveCompare, failing_opens_match_with_a_selection) {
  REQUIRE_STRACE();
  int code = -1;
  nlohmann::json j =
      compare({"compare", "-q", "--format", "json", "--syscalls",
               "open*,close,read", "--", workload_bin(), "fail_open", "20"},
              code);
  ASSERT_TRUE(j.contains("verdict"));
  expect_equal_counts(j, {"read", "openat", "close"});
  for (const auto& p : j["per_syscall"]) {
    std::string n = p["syscall"];
    EXPECT_TRUE(n == "read" || n == "openat" || n == "close") << n;
  }
  EXPECT_GT(j["returns_compared"].get<int>(), 40); // 20 ENOENT + 20 EISDIR
  EXPECT_EQ(j["return_mismatches"], 0);
  EXPECT_EQ(j["verdict"].get<std::string>(), "match") << examples(j);
}

TEST(LiveCompare, missing_strace_is_an_environment_error) {
  RunResult r =
      sctrace({"compare", "--strace", "/nonexistent/strace", "--", "true"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("apt-get install strace"), std::string::npos) << r.err;
}

TEST(LiveCompare, usage_errors_exit_2) {
  RunResult r = sctrace({"compare", "-q"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("after --"), std::string::npos) << r.err;
  r = sctrace({"compare", "-q", "--", "sctrace-no-such-command"});
  EXPECT_EQ(r.exit_code, strace_skip_reason().empty() ? 2 : 3) << r.err;
  r = sctrace({"compare", "--format", "xml", "--", "true"});
  EXPECT_EQ(r.exit_code, 2);
}

} // namespace
} // namespace sctrace::live
