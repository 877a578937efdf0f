// TraceSpecBuilder: fields it sets, and that Build() reports the same
// mistakes with the same messages as parse_probe().
#include <string>

#include <gtest/gtest.h>

#include "spec/builder.h"
#include "spec/parser.h"

namespace sctrace::spec {
namespace {

// Build()'s error: the probe's (BuildSpec()'s), then the options'.
std::string build_error(const TraceSpecBuilder& builder) {
  auto built = builder.Build();
  if (built.ok())
    return "ok";
  EXPECT_FALSE(built.error().pos.has_value()) << built.error().message;
  return built.error().message;
}

std::string parse_error_message(std::string_view text) {
  auto parsed = parse_probe(text);
  return parsed.ok() ? "ok" : parsed.error().message;
}

TEST(SpecBuilder, builds_the_product_example) {
  auto built = TraceSpecBuilder()
                   .Kprobe("__x64_sys_write")
                   .Format("write %d bytes", {"arg3"})
                   .BuildSpec();
  ASSERT_TRUE(built.ok()) << built.error().message;
  TraceSpec expected;
  expected.target = "__x64_sys_write";
  expected.format = "write %d bytes";
  expected.arguments = {Expression::parse("arg3").value()};
  EXPECT_EQ(*built, expected);
  EXPECT_EQ(*built, *parse_probe("__x64_sys_write \"write %d bytes\", arg3"));
}

TEST(SpecBuilder, probe_setters_match_spec_strings) {
  struct Row {
    TraceSpecBuilder builder;
    const char* spec;
  };
  Row rows[] = {
      {TraceSpecBuilder().Kprobe("sys_write"), "sys_write"},
      {TraceSpecBuilder().Kretprobe("sys_openat"), "r::sys_openat"},
      {TraceSpecBuilder().Uprobe("c", "malloc"), "p:c:malloc"},
      {TraceSpecBuilder().Uretprobe("/usr/bin/bash", "readline"),
       "r:/usr/bin/bash:readline"},
      {TraceSpecBuilder().Tracepoint("syscalls", "sys_enter_execve"),
       "t:syscalls:sys_enter_execve"},
      {TraceSpecBuilder().Usdt("pthread", "pthread_create"),
       "u:pthread:pthread_create"},
      {TraceSpecBuilder().Usdt("/lib/libc.so.6", "libc:setjmp"),
       "u:/lib/libc.so.6:libc:setjmp"},
      {TraceSpecBuilder().Kprobe("kfree_skb").Offset(0x12), "kfree_skb+0x12"},
      {TraceSpecBuilder()
           .Kprobe("sys_read")
           .Filter("arg3 > 1024")
           .Format("read %d", {"arg3"}),
       "sys_read (arg3 > 1024) \"read %d\", arg3"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.spec);
    auto built = row.builder.BuildSpec();
    auto parsed = parse_probe(row.spec);
    ASSERT_TRUE(built.ok()) << built.error().message;
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(*built, *parsed);
  }
}

TEST(SpecBuilder, probe_setter_replaces_previous_probe) {
  auto built = TraceSpecBuilder()
                   .Uprobe("c", "malloc")
                   .Kretprobe("sys_read")
                   .BuildSpec();
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->probe_type, ProbeType::Return);
  EXPECT_EQ(built->library, "");
  EXPECT_EQ(built->target, "sys_read");
}

TEST(SpecBuilder, sets_options) {
  auto builder = TraceSpecBuilder()
                     .Kprobe("sys_read")
                     .Duration(30)
                     .ProcessName("nginx")
                     .Pid(42)
                     .Tid(43)
                     .Uid(0)
                     .Cgroup("/sys/fs/cgroup/system.slice")
                     .MaxEvents(100)
                     .KernelStack()
                     .UserStack();
  auto plan = builder.Build();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const SessionOptions& o = plan->options;
  EXPECT_EQ(o.duration_seconds, 30);
  EXPECT_EQ(o.process_name, "nginx");
  EXPECT_EQ(o.pid, 42);
  EXPECT_EQ(o.tid, 43);
  EXPECT_EQ(o.uid, 0);
  EXPECT_EQ(o.cgroup, "/sys/fs/cgroup/system.slice");
  EXPECT_EQ(o.max_events, 100u);
  EXPECT_TRUE(o.kernel_stack);
  EXPECT_TRUE(o.user_stack);
  // The options stay out of the probe.
  auto probe = builder.BuildSpec();
  ASSERT_TRUE(probe.ok());
  EXPECT_EQ(*probe, TraceSpecBuilder().Kprobe("sys_read").BuildSpec().value());
  EXPECT_EQ(plan->spec, *probe);
}

TEST(SpecBuilder, reports_same_errors_as_parser) {
  struct Row {
    TraceSpecBuilder builder;
    const char* spec;
  };
  Row rows[] = {
      {TraceSpecBuilder().Kprobe("sys_read").Format("%d", {"retval"}),
       "sys_read \"%d\", retval"},
      {TraceSpecBuilder().Kprobe("sys_read").Format("%d, %d", {"arg1"}),
       "sys_read \"%d, %d\", arg1"},
      {TraceSpecBuilder().Kprobe("sys_read").Format("%d", {"arg1", "arg2"}),
       "sys_read \"%d\", arg1, arg2"},
      {TraceSpecBuilder().Kprobe("sys_read").Format("%d", {"\"str\""}),
       "sys_read \"%d\", \"str\""},
      {TraceSpecBuilder().Kprobe("sys_read").Format("%d", {"$foo"}),
       "sys_read \"%d\", $foo"},
      {TraceSpecBuilder().Kprobe("sys_read").Format("%d", {"arg7"}),
       "sys_read \"%d\", arg7"},
      {TraceSpecBuilder().Kprobe("sys_read").Format("%5d", {"arg1"}),
       "sys_read \"%5d\", arg1"},
      {TraceSpecBuilder().Kprobe("sys_read").Filter("arg1 >"),
       "sys_read (arg1 >)"},
      {TraceSpecBuilder().Kprobe("sys_read").Filter("STRCMP(arg1, \"x\")"),
       "sys_read (STRCMP(arg1, \"x\"))"},
      {TraceSpecBuilder().Uprobe("c", "malloc").Filter("args->size"),
       "c:malloc (args->size)"},
      {TraceSpecBuilder().Tracepoint("sched", "sched_switch").Offset(4),
       "t:sched:sched_switch+4"},
      {TraceSpecBuilder().Kretprobe("vfs_read").Offset(4), "r::vfs_read+4"},
      {TraceSpecBuilder().Tracepoint("", "sched_switch"), "t::sched_switch"},
      {TraceSpecBuilder().Usdt("app", "test.probe"), "u:app:test.probe"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.spec);
    std::string expected = parse_error_message(row.spec);
    ASSERT_NE(expected, "ok");
    EXPECT_EQ(build_error(row.builder), expected);
  }
}

TEST(SpecBuilder, rejects_bad_names) {
  EXPECT_EQ(build_error(TraceSpecBuilder()),
            "the probe has no target; expected a function, tracepoint event "
            "or USDT probe name");
  EXPECT_EQ(build_error(TraceSpecBuilder().Kprobe("sys read")),
            "invalid function name; expected a letter or '_', then letters, "
            "digits, '_' or '.'");
  EXPECT_EQ(build_error(TraceSpecBuilder().Uprobe("lib c", "malloc")),
            "invalid library path; expected letters, digits, '_', '.', '-', "
            "'+', '/' and ':'");
  EXPECT_EQ(build_error(TraceSpecBuilder().Tracepoint("syscalls", "a-b")),
            "invalid tracepoint event name; expected letters, digits and '_' "
            "(t:category:event)");
  EXPECT_EQ(build_error(TraceSpecBuilder().Usdt("bin:x", "probe")),
            "invalid USDT binary path; expected letters, digits, '_', '.', "
            "'-', '+' and '/'");
  EXPECT_EQ(build_error(TraceSpecBuilder().Usdt("bin", "a:b:c")),
            "invalid USDT probe name; expected probe or provider:probe made "
            "of letters, digits, '_' and '-'");
}

TEST(SpecBuilder, rejects_bad_options) {
  auto base = [] { return TraceSpecBuilder().Kprobe("sys_read"); };
  std::string name_error = "process name must be 1 to 15 printable ASCII "
                           "characters without quotes or backslashes";
  EXPECT_EQ(build_error(base().ProcessName("a_very_long_name")), name_error);
  EXPECT_EQ(build_error(base().ProcessName("a\"b")), name_error);
  EXPECT_EQ(build_error(base().ProcessName("tab\there")), name_error);
  EXPECT_EQ(build_error(base().ProcessName("exactly15chars_")), "ok");
  EXPECT_EQ(build_error(base().Pid(0)), "pid must be a positive number");
  EXPECT_EQ(build_error(base().Tid(-1)), "tid must be a positive number");
  EXPECT_EQ(build_error(base().Uid(-1)), "uid must not be negative");
  EXPECT_EQ(build_error(base().Duration(-1)), "duration must not be negative");
  std::string cgroup_error = "cgroup path must be absolute (start with '/') "
                             "and must not contain control characters, "
                             "quotes or backslashes";
  EXPECT_EQ(build_error(base().Cgroup("system.slice")), cgroup_error);
  EXPECT_EQ(build_error(base().Cgroup("/a\"b")), cgroup_error);
  EXPECT_EQ(build_error(base().Cgroup(std::string("/a\0b", 4))), cgroup_error);
  EXPECT_EQ(build_error(base().Cgroup("/a\nb")), cgroup_error);
}

TEST(SpecBuilder, rejects_unrepresentable_format_bytes) {
  EXPECT_EQ(
      build_error(
          TraceSpecBuilder().Kprobe("sys_read").Format(std::string("a\0b", 3))),
      "format string contains control character 0x00; only \\n and "
      "\\t can be used");
  EXPECT_EQ(build_error(TraceSpecBuilder().Kprobe("sys_read").Format("a\tb\n")),
            "ok");
}

} // namespace
} // namespace sctrace::spec
