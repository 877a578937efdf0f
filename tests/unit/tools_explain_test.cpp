// explain_program: the program a spec or a syscalls input would run, its
// probes and the policy's verdict, without running anything.
#include <gtest/gtest.h>

#include "tools/program_probes.h"
#include "tools_fixture.h"

namespace sctrace::tools::test {
namespace {

using nlohmann::json;

bool has(const json& list, const std::string& item) {
  for (const auto& x : list)
    if (x == item)
      return true;
  return false;
}

TEST(ToolsExplain, a_spec_gives_its_program_and_probes) {
  ToolsFixture f;
  auto r =
      f.call("explain_program",
             {{"specs", {"r::sys_openat (retval < 0) \"failed %d\", retval"}},
              {"comm", "myapp"}});
  ASSERT_FALSE(r.is_error) << r.structured.dump();
  ASSERT_EQ(r.structured["programs"].size(), 1u);
  const json& p = r.structured["programs"][0];
  EXPECT_EQ(p["for"], "r::sys_openat (retval < 0) \"failed %d\", retval");
  const std::string text = p["program"];
  EXPECT_NE(text.find("tracepoint:syscalls:sys_exit_openat"), std::string::npos)
      << text;
  EXPECT_NE(text.find("\"myapp\""), std::string::npos) << text;
  EXPECT_TRUE(has(p["probes"], "tracepoint:syscalls:sys_exit_openat"))
      << p["probes"].dump();
  EXPECT_EQ(p["policy"]["allowed"], true);
  EXPECT_NE(r.text.find("sys_exit_openat"), std::string::npos);
}

TEST(ToolsExplain, several_specs_and_a_policy_refusal) {
  ToolsFixture f;
  auto r = f.call(
      "explain_program",
      {{"specs", {"sys_read \"%d\", arg3", "sys_openat \"%s\", arg2 + 8"}}});
  ASSERT_FALSE(r.is_error) << r.structured.dump();
  ASSERT_EQ(r.structured["programs"].size(), 2u);
  EXPECT_EQ(r.structured["programs"][0]["policy"]["allowed"], true);
  const json& refused = r.structured["programs"][1]["policy"];
  EXPECT_EQ(refused["allowed"], false) << refused.dump();
  EXPECT_EQ(refused["code"], "refused_by_policy");
  EXPECT_FALSE(refused["reason"].get<std::string>().empty());
}

TEST(ToolsExplain, a_syscalls_input_gives_the_modes_program) {
  ToolsFixture f;
  auto r = f.call(
      "explain_program",
      {{"mode", "count"},
       {"input", {{"target", {{"comm", "myapp"}}}, {"syscalls", {"openat"}}}}});
  ASSERT_FALSE(r.is_error) << r.structured.dump();
  const json& p = r.structured["programs"][0];
  EXPECT_NE(p["program"].get<std::string>().find("\"myapp\""),
            std::string::npos);
  EXPECT_FALSE(p["probes"].empty());
  auto bad = f.call(
      "explain_program",
      {{"input", {{"target", {{"comm", "x"}}}, {"syscalls", {"nosuchcall"}}}}});
  EXPECT_EQ(code_of(bad), "unknown_syscall") << bad.structured.dump();
}

// The service resolved its bpftrace at start: a mode's program is made for
// that version without asking bpftrace again (the environment's bpftrace,
// /bin/false, could not answer `--version`).
TEST(ToolsExplain, a_modes_program_is_for_the_services_bpftrace_version) {
  for (const gen::BpftraceVersion v :
       {gen::BpftraceVersion{0, 17, 0}, gen::BpftraceVersion{0, 23, 2}}) {
    ToolsFixture f;
    f.ctx.request.environment =
        engine::make_environment("/bin/false", v, SCTRACE_TEST_DATA "/tracefs");
    for (const char* mode : {"syscalls", "count"}) {
      auto r = f.call(
          "explain_program",
          {{"mode", mode}, {"input", {{"target", {{"comm", "myapp"}}}}}});
      ASSERT_FALSE(r.is_error) << mode << ": " << r.structured.dump();
      const std::string text = r.structured["programs"][0]["program"];
      EXPECT_NE(text.find("for bpftrace " + v.text() + "."), std::string::npos)
          << mode << ": " << text.substr(0, 120);
    }
  }
}

TEST(ToolsExplain, program_probes_reads_block_heads_only) {
  const std::string text = "BEGIN { printf(\"x {\"); }\n"
                           "tracepoint:syscalls:sys_enter_openat,\n"
                           "tracepoint:syscalls:sys_enter_read /pid == 1/ {\n"
                           "  @a = 1;\n"
                           "}\n"
                           "// kprobe:not_a_probe {\n"
                           "interval:s:1 { print(@a); }\n"
                           "END {}\n";
  EXPECT_EQ(program_probes(text),
            (std::vector<std::string>{
                "BEGIN", "tracepoint:syscalls:sys_enter_openat",
                "tracepoint:syscalls:sys_enter_read", "interval:s:1", "END"}));
}

} // namespace
} // namespace sctrace::tools::test
