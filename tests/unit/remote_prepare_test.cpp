// Remote programs made ready to run: the policy (which probes, which
// string reads) and the default action of a program without a format.
#include "remote/prepare.h"

#include <gtest/gtest.h>

#include "spec/json.h"
#include "spec/parser.h"

namespace sctrace::remote {
namespace {

using nlohmann::json;

const gen::TracefsCatalog kCatalog(SCTRACE_TEST_DATA "/tracefs");
const gen::TracefsCatalog kKprobes(SCTRACE_TEST_DATA "/tracefs-kprobes");

Result<spec::TracePlan> prepare(const std::string& spec_text,
                                RemotePolicy policy = {},
                                const gen::KernelCatalog& catalog = kCatalog) {
  auto spec = spec::parse_probe(spec_text, "spec");
  EXPECT_TRUE(spec.ok()) << spec.error().message;
  spec::TracePlan plan{*spec, {}};
  return prepare_plan(plan, policy, catalog, gen::BpftraceVersion{0, 17, 0});
}

std::vector<std::string> argument_texts(const spec::TraceSpec& s) {
  std::vector<std::string> out;
  for (const auto& a : s.arguments)
    out.push_back(a.text());
  return out;
}

TEST(RemotePrepare, a_syscall_without_format_gets_its_arguments) {
  auto plan = prepare("sys_open");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->spec.format, "open(%s, %lu, %lu)");
  EXPECT_EQ(argument_texts(plan->spec),
            (std::vector<std::string>{"arg1", "arg2", "arg3"}));
  auto read = prepare("r::sys_read");
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->spec.format, "read(%lu, 0x%lx, %lu) = %ld");
  EXPECT_EQ(argument_texts(read->spec),
            (std::vector<std::string>{"arg1", "arg2", "arg3", "retval"}));
}

TEST(RemotePrepare, a_tracepoint_without_format_gets_its_scalar_fields) {
  auto plan = prepare("t:sched:sched_process_fork");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->spec.format, "parent_pid=%ld child_pid=%ld");
  EXPECT_EQ(argument_texts(plan->spec),
            (std::vector<std::string>{"args->parent_pid", "args->child_pid"}));
}

TEST(RemotePrepare, a_given_format_is_kept) {
  auto plan = prepare(R"(sys_read (arg3 > 1024) "read %d", arg3)");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->spec.format, "read %d");
  EXPECT_EQ(argument_texts(plan->spec), (std::vector<std::string>{"arg3"}));
}

TEST(RemotePrepare, uprobes_and_kernel_functions_need_the_operator) {
  auto up = prepare("p:c:malloc");
  ASSERT_FALSE(up.ok());
  EXPECT_EQ(up.error().kind, ErrorKind::Permission);
  EXPECT_NE(up.error().message.find("--allow-uprobes"), std::string::npos);
  auto kfunc = prepare("vfs_read", {}, kKprobes);
  ASSERT_FALSE(kfunc.ok());
  EXPECT_EQ(kfunc.error().kind, ErrorKind::Permission);
  EXPECT_NE(kfunc.error().message.find("--allow-kernel-functions"),
            std::string::npos);
  EXPECT_TRUE(prepare("vfs_read", {false, true}, kKprobes).ok());
  // Without kprobes a kernel function is unsupported, whatever the policy.
  auto none = prepare("vfs_read", {true, true});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, ErrorKind::Unsupported);
}

// A user-space probe is refused before its binary is resolved or read, so
// a client learns nothing of the server's files: not whether one exists,
// nor the USDT probes or symbols it declares.
TEST(RemotePrepare, user_probes_are_refused_before_their_binary_is_read) {
  for (std::string text :
       {"u:/proc/self/exe:nope", "u:/nonexistent/app:tick", "u::tick",
        "p:/proc/self/exe:nope", "r:/nonexistent/lib.so:f"}) {
    auto plan = prepare(text);
    ASSERT_FALSE(plan.ok()) << text;
    EXPECT_EQ(plan.error().kind, ErrorKind::Permission)
        << text << ": " << plan.error().message;
  }
  // With --allow-uprobes the binary is checked.
  auto allowed = prepare("u:/nonexistent/app:tick", {true, false});
  ASSERT_FALSE(allowed.ok());
  EXPECT_EQ(allowed.error().kind, ErrorKind::NotFound);
}

TEST(RemotePrepare, strings_are_read_only_from_declared_string_arguments) {
  EXPECT_TRUE(prepare(R"(sys_openat "%s", arg2)").ok());
  EXPECT_TRUE(prepare(R"(sys_openat (arg2 == "/etc/passwd"))").ok());
  EXPECT_TRUE(prepare(R"(sys_openat (STRCMP("/etc", arg2)))").ok());
  for (const char* bad :
       {R"(sys_read "%s", arg1)", R"(sys_read "%s", arg2 + 8)",
        R"(sys_openat (arg1 == "x"))", R"(sys_openat (STRCMP("/", arg2 + 1)))",
        R"(sys_read (arg3@user == "x"))"}) {
    auto plan = prepare(bad);
    ASSERT_FALSE(plan.ok()) << bad;
    EXPECT_EQ(plan.error().kind, ErrorKind::Permission) << bad;
    EXPECT_NE(plan.error().message.find("not a string argument"),
              std::string::npos)
        << plan.error().message;
  }
  // Integer reads never dereference.
  EXPECT_TRUE(
      prepare(R"(sys_read (arg1 == 3 && arg3 > 10) "%llx", arg2)").ok());
}

TEST(RemotePrepare, a_seed_program_is_prepared_from_json) {
  json program = {{"name", "file_monitoring"},
                  {"type", "kprobe"},
                  {"target", "sys_open"},
                  {"duration", 30},
                  {"filters", {{"process", "nginx"}}},
                  {"description", "Monitor file access by nginx %s %n"}};
  auto plan = spec::plan_from_ebpf_program(program);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  auto ready = prepare_plan(*plan, {}, kCatalog, {0, 17, 0});
  ASSERT_TRUE(ready.ok()) << ready.error().message;
  EXPECT_EQ(ready->spec.format, "open(%s, %lu, %lu)");
  EXPECT_EQ(ready->options.process_name, "nginx");
  EXPECT_EQ(ready->options.duration_seconds, 30);
}

} // namespace
} // namespace sctrace::remote
