// plan_to_json / plan_from_json round trips and errors, and the seed's
// ebpf_programs request shape.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "spec/builder.h"
#include "spec/json.h"
#include "spec/parser.h"
#include "spec_fixtures.h"

namespace sctrace::spec {
namespace {

using nlohmann::json;

std::string from_json_error(const json& j) {
  auto spec = plan_from_json(j);
  return spec.ok() ? "ok" : spec.error().message;
}

std::string program_error(const json& j) {
  auto spec = plan_from_ebpf_program(j);
  return spec.ok() ? "ok" : spec.error().message;
}

// Text round trip, so number types and escapes go through the serializer.
void expect_round_trip(const TracePlan& plan) {
  std::string text = plan_to_json(plan).dump();
  auto back = plan_from_json(json::parse(text));
  ASSERT_TRUE(back.ok()) << text << ": " << back.error().message;
  EXPECT_EQ(*back, plan) << text;
}

TEST(SpecJson, round_trips_every_accept_fixture) {
  auto cases = fixtures::load_grammar_cases("accept.txt");
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    SCOPED_TRACE(c.spec);
    auto parsed = parse_probe(c.spec);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    expect_round_trip(TracePlan{*parsed, {}});
  }
}

TEST(SpecJson, round_trips_every_option) {
  auto built = TraceSpecBuilder()
                   .Uprobe("/usr/lib/x86_64-linux-gnu/libc.so.6", "malloc")
                   .Offset(16)
                   .Filter("arg1 > 0x100")
                   .Format("size %llu \"q\"\t\n", {"arg1"})
                   .Duration(30)
                   .ProcessName("nginx")
                   .Pid(9223372036854775807)
                   .Tid(2)
                   .Uid(0)
                   .Cgroup("/sys/fs/cgroup/a b")
                   .MaxEvents(18446744073709551615u)
                   .KernelStack()
                   .UserStack()
                   .Build();
  ASSERT_TRUE(built.ok()) << built.error().message;
  expect_round_trip(*built);
}

TEST(SpecJson, round_trips_a_fractional_duration) {
  TracePlan plan;
  plan.spec.target = "sys_read";
  plan.options.duration_seconds = 0.25;
  expect_round_trip(plan);
  plan.options.duration_seconds = 30;
  EXPECT_EQ(plan_to_json(plan).dump(),
            R"({"duration":30,"probe_type":"p","target":"sys_read"})");
}

TEST(SpecJson, writes_probe_and_omits_defaults) {
  auto parsed = parse_probe("r::sys_read (retval > 0) \"%d\", retval");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(spec_to_json(*parsed).dump(),
            R"({"arguments":["retval"],"filter":"retval > 0","format":"%d",)"
            R"("probe_type":"r","target":"sys_read"})");
  TracePlan plan{*parsed, {}};
  plan.options.uid = 0;
  EXPECT_EQ(plan_to_json(plan).at("uid"), 0);
  EXPECT_FALSE(spec_to_json(plan.spec).contains("uid"));
}

TEST(SpecJson, reads_defaults_and_validates) {
  auto plan = plan_from_json(json{{"target", "sys_read"}});
  ASSERT_TRUE(plan.ok());
  const TraceSpec* spec = &plan->spec;
  EXPECT_EQ(spec->probe_type, ProbeType::Entry);
  EXPECT_EQ(from_json_error(json{{"target", "sys_read"},
                                 {"format", "%d"},
                                 {"arguments", {"retval"}}}),
            "retval is only available in return probes (r:...)");
  EXPECT_EQ(from_json_error(json::object()),
            "the probe has no target; expected a function, tracepoint event "
            "or USDT probe name");
}

TEST(SpecJson, rejects_unknown_keys_and_wrong_types) {
  EXPECT_EQ(from_json_error(json{{"target", "x"}, {"colour", "red"}}),
            "unknown key 'colour' in trace spec; expected probe_type, "
            "library, target, offset, format, arguments, filter, duration, "
            "process_name, pid, tid, uid, cgroup, max_events, kernel_stack "
            "or user_stack");
  EXPECT_EQ(from_json_error(json::array()),
            "a trace spec must be a JSON object");
  EXPECT_EQ(from_json_error(json{{"target", 5}}),
            "key 'target' must be a string");
  EXPECT_EQ(from_json_error(json{{"target", "x"}, {"pid", "42"}}),
            "key 'pid' must be an integer");
  EXPECT_EQ(from_json_error(json{{"target", "x"}, {"pid", 1.5}}),
            "key 'pid' must be an integer");
  EXPECT_EQ(from_json_error(json{{"target", "x"}, {"offset", -1}}),
            "key 'offset' must be a non-negative integer");
  EXPECT_EQ(from_json_error(json{{"target", "x"}, {"kernel_stack", 1}}),
            "key 'kernel_stack' must be a boolean");
  EXPECT_EQ(from_json_error(json{{"target", "x"}, {"arguments", "arg1"}}),
            "key 'arguments' must be an array of strings");
  EXPECT_EQ(from_json_error(json{{"target", "x"}, {"arguments", {1}}}),
            "key 'arguments' must be an array of strings");
  EXPECT_EQ(from_json_error(json{{"target", "x"}, {"probe_type", "k"}}),
            "key 'probe_type' must be one of \"p\", \"r\", \"t\" or \"u\"");
  EXPECT_EQ(
      from_json_error(json{{"target", "x"}, {"pid", 9223372036854775808u}}),
      "key 'pid' is out of range");
  EXPECT_EQ(from_json_error(json{{"target", "x"}, {"duration", 4294967296}}),
            "key 'duration' is out of range");
}

TEST(SpecJson, converts_the_seed_ebpf_program) {
  json program = json::parse(R"({"name": "file_monitoring", "type": "kprobe",
      "target": "sys_open", "duration": 30, "filters": {"process": "nginx"},
      "description": "Monitor file opens by nginx"})");
  auto plan = plan_from_ebpf_program(program);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  TracePlan expected;
  expected.spec.target = "sys_open";
  expected.options.duration_seconds = 30;
  expected.options.process_name = "nginx";
  EXPECT_EQ(*plan, expected);
}

TEST(SpecJson, converts_every_program_type) {
  struct Row {
    const char* type;
    const char* target;
    const char* spec;
  };
  Row rows[] = {
      {"kprobe", "sys_read", "sys_read"},
      {"kretprobe", "sys_openat", "r::sys_openat"},
      {"tracepoint", "syscalls:sys_enter_execve",
       "t:syscalls:sys_enter_execve"},
      {"uprobe", "c:malloc", "p:c:malloc"},
      {"uretprobe", "/usr/bin/bash:readline", "r:/usr/bin/bash:readline"},
      {"usdt", "pthread:pthread_create", "u:pthread:pthread_create"},
      {"usdt", "/lib/libc.so.6:libc:setjmp", "u:/lib/libc.so.6:libc:setjmp"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.spec);
    auto plan = plan_from_ebpf_program(
        json{{"type", row.type}, {"target", row.target}, {"duration", 5}});
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    auto expected = parse_probe(row.spec);
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(plan->spec, *expected);
    EXPECT_EQ(plan->options.duration_seconds, 5);
  }
}

TEST(SpecJson, reads_program_filters_and_optional_fields) {
  json program = json::parse(R"({"type": "kretprobe", "target": "sys_read",
      "duration": 600, "filters": {"pid": 10, "tid": 11, "uid": 1000,
      "cgroup": "/user.slice"}, "format": "%d", "arguments": ["retval"],
      "filter": "(int)retval > 0", "max_events": 7})");
  auto plan = plan_from_ebpf_program(program);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->options.pid, 10);
  EXPECT_EQ(plan->options.tid, 11);
  EXPECT_EQ(plan->options.uid, 1000);
  EXPECT_EQ(plan->options.cgroup, "/user.slice");
  EXPECT_EQ(plan->spec.format, "%d");
  ASSERT_EQ(plan->spec.arguments.size(), 1u);
  EXPECT_EQ(plan->spec.arguments[0].text(), "retval");
  EXPECT_EQ(plan->spec.filter.text(), "(int)retval > 0");
  EXPECT_EQ(plan->spec.filter.tree().kind, ExprKind::Binary);
  EXPECT_EQ(plan->options.max_events, 7u);
}

// A valid program with KEY set to VALUE.
json program_with(const char* key, json value) {
  json j = {{"type", "kprobe"}, {"target", "sys_read"}, {"duration", 30}};
  j[key] = std::move(value);
  return j;
}

TEST(SpecJson, rejects_bad_programs) {
  json base = program_with("type", "kprobe");
  auto with = program_with;
  auto without = [&](const char* key) {
    json j = base;
    j.erase(key);
    return j;
  };
  EXPECT_EQ(program_error(json::array()),
            "an eBPF program must be a JSON object");
  EXPECT_EQ(program_error(without("duration")),
            "key 'duration' is required (1 to 600 seconds)");
  EXPECT_EQ(program_error(without("type")),
            "key 'type' is required (kprobe, kretprobe, tracepoint, uprobe, "
            "uretprobe, usdt or syscall), or give a trace.py 'spec'");
  EXPECT_EQ(program_error(without("target")), "key 'target' is required");
  std::string range =
      "duration must be between 1 and 600 seconds (at most 10 minutes)";
  EXPECT_EQ(program_error(with("duration", 0)), range);
  EXPECT_EQ(program_error(with("duration", 601)), range);
  EXPECT_EQ(program_error(with("duration", "30")),
            "key 'duration' must be an integer");
  EXPECT_EQ(program_error(with("owner", "me")),
            "unknown key 'owner' in eBPF program; expected name, type, "
            "target, spec, duration, filters, description, format, "
            "arguments, filter or max_events");
  EXPECT_EQ(program_error(with("filters", json{{"user", "x"}})),
            "unknown key 'filters.user'; expected process (or comm), pid, "
            "tid, uid, cgroup or filter");
  json twice = with("filters", json{{"filter", "arg1 > 1"}});
  twice["filter"] = "arg2 == 1";
  EXPECT_EQ(program_error(twice),
            "the program gives a filter twice: keep either 'filters.filter' "
            "or the probe's own filter ('filter' or the one in 'spec')");
  EXPECT_EQ(program_error(with("filters", json{{"pid", "1"}})),
            "key 'filters.pid' must be an integer");
  EXPECT_EQ(program_error(with("filters", "nginx")),
            "key 'filters' must be an object");
  EXPECT_EQ(program_error(with("name", 3)), "key 'name' must be a string");
}

TEST(SpecJson, rejects_bad_program_types_targets_and_fields) {
  auto with = program_with;
  EXPECT_EQ(program_error(with("type", "fentry")),
            "key 'type' must be one of kprobe, kretprobe, tracepoint, uprobe, "
            "uretprobe, usdt or syscall");
  json tracepoint = with("type", "tracepoint");
  EXPECT_EQ(program_error(tracepoint),
            "tracepoint target must be \"category:event\" or "
            "\"category/event\", e.g. \"syscalls:sys_enter_openat\"");
  tracepoint["target"] = "a:b:c";
  EXPECT_EQ(program_error(tracepoint),
            "tracepoint target must be \"category:event\" or "
            "\"category/event\", e.g. \"syscalls:sys_enter_openat\"");
  EXPECT_EQ(program_error(with("type", "uprobe")),
            "uprobe target must be \"library:function\", e.g. \"c:malloc\"");
  EXPECT_EQ(program_error(with("type", "usdt")),
            "usdt target must be \"binary:probe\" or "
            "\"binary:provider:probe\"");
  EXPECT_EQ(program_error(with("filters", json{{"process", "much_too_long_"
                                                           "name"}})),
            "process name must be 1 to 15 printable ASCII characters "
            "without quotes or backslashes");
  EXPECT_EQ(program_error(with("format", "%d")),
            "format has 1 specifier but 0 arguments were given");
}

TEST(SpecJson, reads_the_agent_program_types_and_target_forms) {
  struct Row {
    json program;
    const char* spec;
  };
  Row rows[] = {
      {{{"type", "syscall"}, {"target", "openat"}}, "sys_openat"},
      {{{"type", "syscall"}, {"target", "sys_read"}}, "sys_read"},
      {{{"type", "syscall"}, {"target", "__x64_sys_write"}}, "__x64_sys_write"},
      {{{"type", "tracepoint"}, {"target", "syscalls/sys_enter_connect"}},
       "t:syscalls:sys_enter_connect"},
      {{{"spec", "r::sys_read (retval > 0) \"%d\", retval"}},
       "r::sys_read (retval > 0) \"%d\", retval"},
  };
  for (Row& row : rows) {
    SCOPED_TRACE(row.spec);
    row.program["duration"] = 5;
    auto plan = plan_from_ebpf_program(row.program);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    auto expected = parse_probe(row.spec);
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(plan->spec, *expected);
  }
}

TEST(SpecJson, refuses_scripts_and_mixed_probe_keys) {
  json script = {{"type", "bpftrace"},
                 {"target", "BEGIN { system(\"id\") }"},
                 {"duration", 5}};
  std::string error = program_error(script);
  EXPECT_EQ(error.rfind("type 'bpftrace' is not accepted: a remote program "
                        "is a probe spec, never a script",
                        0),
            0u)
      << error;
  script["type"] = "kprobe";
  error = program_error(script);
  EXPECT_EQ(error.rfind("a target holding '{' (a bpftrace script) is not "
                        "accepted",
                        0),
            0u)
      << error;
  EXPECT_EQ(program_error(
                {{"spec", "sys_read"}, {"type", "kprobe"}, {"duration", 5}}),
            "give either 'spec' (a trace.py probe spec) or 'type' and "
            "'target' (with format, arguments and filter), not both");
  error = program_error({{"spec", "sys_read (arg3 >"}, {"duration", 5}});
  EXPECT_EQ(error.rfind("key 'spec': spec:1:", 0), 0u) << error;
}

} // namespace
} // namespace sctrace::spec

namespace sctrace::spec {
namespace {

TEST(SpecJson, filters_take_comm_and_a_trace_py_filter) {
  json program = {{"type", "syscall"},
                  {"target", "read"},
                  {"duration", 5},
                  {"filters", {{"comm", "nginx"}, {"filter", "arg3 > 1024"}}}};
  auto plan = plan_from_ebpf_program(program);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->options.process_name, "nginx");
  EXPECT_EQ(plan->spec.filter.text(), "arg3 > 1024");
  json with_spec = {{"spec", "sys_read \"%d\", arg3"},
                    {"duration", 5},
                    {"filters", {{"filter", "arg1 == 0"}}}};
  auto from_spec = plan_from_ebpf_program(with_spec);
  ASSERT_TRUE(from_spec.ok()) << from_spec.error().message;
  EXPECT_EQ(from_spec->spec.filter.text(), "arg1 == 0");
  EXPECT_EQ(from_spec->spec.format, "%d");
  json bad = program;
  bad["filters"]["filter"] = "arg3 >";
  auto broken = plan_from_ebpf_program(bad);
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.error().message.find("filters.filter"), std::string::npos)
      << broken.error().message;
}

} // namespace
} // namespace sctrace::spec
