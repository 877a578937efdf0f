// syscalls_input_from_json (`sctrace syscalls --input`): every key of
// specs/trace_syscalls.input.schema.json mapped to its option, the
// schema's defaults, the schema's examples (tests/data/syscalls/input_*),
// each refusal's message.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "gen/syscall_table.h"
#include "modes/syscalls/input_json.h"
#include "targets/selection.h"

namespace sctrace::syscalls {
namespace {

using nlohmann::json;

SyscallsInput accept(const std::string& text) {
  auto in = syscalls_input_from_json(json::parse(text));
  EXPECT_TRUE(in.ok()) << text << ": " << in.error().message;
  return in.ok() ? *in : SyscallsInput{};
}

// The message of the refusal of TEXT.
std::string refusal(const std::string& text) {
  auto in = syscalls_input_from_json(json::parse(text));
  EXPECT_FALSE(in.ok()) << text;
  if (in.ok())
    return "";
  EXPECT_EQ(in.error().kind, ErrorKind::Invalid);
  return in.error().message;
}

std::set<int> numbers(const std::string& selection) {
  auto ids = targets::parse_selection(selection);
  EXPECT_TRUE(ids.ok()) << selection;
  return ids.ok() ? std::set<int>(ids->begin(), ids->end()) : std::set<int>{};
}

int nr(const char* name) {
  return *gen::syscall_number(name);
}

TEST(SyscallsInputJson, defaults_are_the_schemas) {
  auto in = accept(R"({"target": {"pid": 1}})");
  EXPECT_EQ(in.options.target.pids, std::vector<std::int64_t>{1});
  EXPECT_EQ(in.options.selection, "trace=openat");
  EXPECT_EQ(in.options.duration_seconds, 30);
  EXPECT_EQ(in.format, "json");
  EXPECT_FALSE(in.options.only_success);
  EXPECT_FALSE(in.options.only_failed);
  EXPECT_EQ(in.options.min_duration_ns, 0u);
  EXPECT_EQ(in.options.string_size, 0);
}

TEST(SyscallsInputJson, every_target_maps_to_its_option) {
  EXPECT_EQ(accept(R"({"target": {"pids": [3, 1, 2]}})").options.target.pids,
            (std::vector<std::int64_t>{3, 1, 2}));
  EXPECT_EQ(accept(R"({"target": {"comm": "nginx"}})").options.target.comm,
            "nginx");
  EXPECT_EQ(
      accept(R"({"target": {"container": "web-1"}})").options.target.container,
      "web-1");
  EXPECT_EQ(accept(R"({"target": {"cgroup": "/system.slice/x.service"}})")
                .options.target.cgroup,
            "/system.slice/x.service");
  EXPECT_TRUE(accept(R"({"target": {"all": true}})").options.target.all);
  EXPECT_EQ(accept(R"({"target": {"command": ["/bin/ls", "-l", ""]}})")
                .options.target.command,
            (std::vector<std::string>{"/bin/ls", "-l", ""}));
}

TEST(SyscallsInputJson, every_other_key_maps_to_its_option) {
  auto in = accept(R"({"target": {"all": true}, "syscalls": ["read", "%net"],
      "duration": 300, "format": "csv", "only_failed": true,
      "min_duration_us": 250, "string_size": 4096})");
  EXPECT_EQ(in.options.selection, "trace=read,%net");
  EXPECT_EQ(in.options.duration_seconds, 300);
  EXPECT_EQ(in.format, "csv");
  EXPECT_TRUE(in.options.only_failed);
  EXPECT_EQ(in.options.min_duration_ns, 250'000u);
  EXPECT_EQ(in.options.string_size, 4096);
  in = accept(R"({"target": {"all": true}, "only_success": true,
      "only_failed": false, "duration": 1, "string_size": 8,
      "min_duration_us": 0, "format": "text"})");
  EXPECT_TRUE(in.options.only_success);
  EXPECT_EQ(in.options.duration_seconds, 1);
  EXPECT_EQ(in.options.string_size, 8);
  EXPECT_EQ(in.format, "text");
  EXPECT_EQ(accept(R"({"target": {"all": true}, "format": "jsonl"})").format,
            "jsonl");
}

TEST(SyscallsInputJson, exclusions_alone_negate_the_list) {
  auto in = accept(R"({"target": {"all": true},
                       "syscalls": ["!close", "!%memory"]})");
  EXPECT_EQ(in.options.selection, "trace=!close,%memory");
}

TEST(SyscallsInputJson, exclusions_subtract_from_the_others) {
  auto in = accept(R"({"target": {"all": true},
                       "syscalls": ["%file", "close", "!close", "!open*"]})");
  std::set<int> want = numbers("%file");
  for (int n : numbers("open*"))
    want.erase(n);
  EXPECT_EQ(numbers(in.options.selection), want);
  EXPECT_FALSE(want.count(nr("close")));
  EXPECT_TRUE(want.count(nr("stat")));
}

TEST(SyscallsInputJson, the_schemas_selector_examples_are_accepted) {
  for (const char* s : {"openat", "open*", "%file", "!close"}) {
    json doc = {{"target", {{"all", true}}}, {"syscalls", {s}}};
    EXPECT_TRUE(syscalls_input_from_json(doc).ok()) << s;
  }
}

TEST(SyscallsInputJson, the_schema_tests_examples) {
  namespace fs = std::filesystem;
  int good = 0, bad = 0;
  for (const auto& e :
       fs::directory_iterator(std::string(SCTRACE_TEST_DATA) + "/syscalls")) {
    std::string name = e.path().filename().string();
    if (!name.starts_with("input_"))
      continue;
    std::ifstream f(e.path());
    auto in = syscalls_input_from_json(json::parse(f));
    bool want_ok = name.starts_with("input_good");
    EXPECT_EQ(in.ok(), want_ok) << name;
    (want_ok ? good : bad)++;
  }
  EXPECT_GE(good, 3);
  EXPECT_GE(bad, 10);
}

TEST(SyscallsInputJson, the_good_pid_example_maps_every_key) {
  std::ifstream f(std::string(SCTRACE_TEST_DATA) +
                  "/syscalls/input_good_pid.json");
  auto in = syscalls_input_from_json(json::parse(f));
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->options.target.pids, std::vector<std::int64_t>{1234});
  EXPECT_EQ(in->options.duration_seconds, 10);
  EXPECT_EQ(in->format, "jsonl");
  EXPECT_TRUE(in->options.only_failed);
  EXPECT_EQ(in->options.min_duration_ns, 100'000u);
  EXPECT_EQ(in->options.string_size, 256);
  std::set<int> sel = numbers(in->options.selection);
  EXPECT_TRUE(sel.count(nr("openat")));
  EXPECT_FALSE(sel.count(nr("close")));
  EXPECT_FALSE(sel.count(nr("mmap")));
}

TEST(SyscallsInputJson, unknown_keys_are_named_with_the_known_ones) {
  EXPECT_EQ(refusal(R"({"target": {"pid": 1}, "verbose": true})"),
            "unknown key 'verbose'; expected target, syscalls, duration, "
            "format, only_success, only_failed, min_duration_us or "
            "string_size");
  EXPECT_EQ(refusal(R"({"target": {"process": "x"}})"),
            "unknown key 'target.process'; expected pid, pids, comm, "
            "container, cgroup, all or command");
}

TEST(SyscallsInputJson, wrong_types_name_the_key_and_the_type) {
  const std::pair<const char*, const char*> cases[] = {
      {R"([1])", "must be a JSON object"},
      {R"({"target": 1})", "key 'target' must be an object with one of"},
      {R"({"target": {"pid": "1"}})", "key 'target.pid' must be an integer"},
      {R"({"target": {"pid": 1.5}})", "key 'target.pid' must be an integer"},
      {R"({"target": {"pids": 1}})",
       "key 'target.pids' must be an array of process ids"},
      {R"({"target": {"pids": [1, "2"]}})",
       "key 'target.pids[1]' must be an integer"},
      {R"({"target": {"comm": 7}})", "key 'target.comm' must be a string"},
      {R"({"target": {"container": null}})",
       "key 'target.container' must be a string"},
      {R"({"target": {"cgroup": []}})", "key 'target.cgroup' must be a string"},
      {R"({"target": {"all": 1}})", "key 'target.all' must be true"},
      {R"({"target": {"command": "ls"}})",
       "key 'target.command' must be an array of strings"},
      {R"({"target": {"command": ["ls", 1]}})",
       "key 'target.command[1]' must be a string"},
      {R"({"target": {"all": true}, "syscalls": "read"})",
       "key 'syscalls' must be an array of syscall selectors"},
      {R"({"target": {"all": true}, "syscalls": [1]})",
       "key 'syscalls[0]' must be a string"},
      {R"({"target": {"all": true}, "duration": "30"})",
       "key 'duration' must be an integer"},
      {R"({"target": {"all": true}, "duration": 1.5})",
       "key 'duration' must be an integer"},
      {R"({"target": {"all": true}, "format": 1})",
       "key 'format' must be a string"},
      {R"({"target": {"all": true}, "only_success": 1})",
       "key 'only_success' must be a boolean"},
      {R"({"target": {"all": true}, "only_failed": "yes"})",
       "key 'only_failed' must be a boolean"},
      {R"({"target": {"all": true}, "min_duration_us": "1ms"})",
       "key 'min_duration_us' must be an integer"},
      {R"({"target": {"all": true}, "string_size": true})",
       "key 'string_size' must be an integer"},
  };
  for (const auto& [text, want] : cases)
    EXPECT_NE(refusal(text).find(want), std::string::npos)
        << text << " -> " << refusal(text);
}

TEST(SyscallsInputJson, out_of_range_values_give_the_range) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"target": {"pid": 0}})",
       "key 'target.pid' must be at least 1, not 0"},
      {R"({"target": {"pid": 18446744073709551615}})",
       "key 'target.pid' must be at least 1, not 18446744073709551615"},
      {R"({"target": {"pids": [2, -1]}})",
       "key 'target.pids[1]' must be at least 1, not -1"},
      {R"({"target": {"all": true}, "duration": 0})",
       "key 'duration' must be between 1 and 300 seconds, not 0"},
      {R"({"target": {"all": true}, "duration": 301})",
       "key 'duration' must be between 1 and 300 seconds, not 301"},
      {R"({"target": {"all": true}, "string_size": 7})",
       "key 'string_size' must be between 8 and 4096 bytes, not 7"},
      {R"({"target": {"all": true}, "string_size": 4097})",
       "key 'string_size' must be between 8 and 4096 bytes, not 4097"},
      {R"({"target": {"all": true}, "min_duration_us": -1})",
       "key 'min_duration_us' must be between 0 and 9223372036854775 "
       "microseconds, not -1"},
      {R"({"target": {"all": true}, "min_duration_us": 9223372036854776})",
       "key 'min_duration_us' must be between 0 and 9223372036854775 "
       "microseconds, not 9223372036854776"},
      {R"({"target": {"all": true}, "format": "xml"})",
       "key 'format' must be one of \"text\", \"json\", \"jsonl\" or \"csv\", "
       "not \"xml\""},
  };
  for (const auto& [text, want] : cases)
    EXPECT_EQ(refusal(text), want) << text;
}

TEST(SyscallsInputJson, empty_and_repeated_values_are_refused) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"target": {"pids": []}})", "key 'target.pids' must be an array of "
                                      "process ids (integers) with at least "
                                      "one item"},
      {R"({"target": {"pids": [5, 6, 5]}})",
       "key 'target.pids' holds 5 twice; give each process id once"},
      {R"({"target": {"command": []}})",
       "key 'target.command' must be an array of strings (argv) with at "
       "least one item"},
      {R"({"target": {"comm": ""}})", "key 'target.comm' must not be empty"},
      {R"({"target": {"container": ""}})",
       "key 'target.container' must not be empty"},
      {R"({"target": {"cgroup": ""}})",
       "key 'target.cgroup' must not be empty"},
      {R"({"target": {"all": true}, "syscalls": []})",
       "key 'syscalls' must be an array of syscall selectors (strings) with "
       "at least one item"},
  };
  for (const auto& [text, want] : cases)
    EXPECT_EQ(refusal(text), want) << text;
}

TEST(SyscallsInputJson, comm_longer_than_the_kernel_keeps_is_refused) {
  EXPECT_EQ(refusal(R"({"target": {"comm": "a-very-long-name"}})"),
            "key 'target.comm' must be 1 to 15 bytes, not 16: the kernel "
            "keeps only 15 bytes of a process name, so it could never "
            "match; use the first 15 (a-very-long-nam)");
  EXPECT_TRUE(syscalls_input_from_json(
                  json::parse(R"({"target": {"comm": "a-very-long-na"}})"))
                  .ok());
}

TEST(SyscallsInputJson, nul_bytes_are_refused) {
  for (const char* text :
       {R"({"target": {"comm": "a\u0000b"}})",
        R"({"target": {"cgroup": "/a\u0000"}})",
        R"({"target": {"command": ["ls", "\u0000"]}})",
        R"({"target": {"all": true}, "syscalls": ["read\u0000"]})"})
    EXPECT_NE(refusal(text).find("holds a NUL byte (\\u0000); remove it"),
              std::string::npos)
        << text;
}

TEST(SyscallsInputJson, targets_need_exactly_one_property) {
  EXPECT_EQ(refusal(R"({"target": {"pid": 1234, "comm": "nginx"}})"),
            "key 'target' must have exactly one of pid, pids, comm, "
            "container, cgroup, all or command, not 2 properties");
  EXPECT_EQ(refusal(R"({"target": {}})"),
            "key 'target' must have exactly one of pid, pids, comm, "
            "container, cgroup, all or command, not 0 properties");
  EXPECT_EQ(refusal(R"({"syscalls": ["openat"]})"),
            "key 'target' is required: what to trace, one of pid, pids, "
            "comm, container, cgroup, all or command, e.g. {\"target\": "
            "{\"pid\": 1234}}");
}

TEST(SyscallsInputJson, only_success_and_only_failed_exclude_each_other) {
  EXPECT_EQ(refusal(R"({"target": {"all": true}, "only_success": true,
                        "only_failed": true})"),
            "keys 'only_success' and 'only_failed' exclude each other (no "
            "call both succeeds and fails); set one");
}

TEST(SyscallsInputJson, selectors_outside_the_schema_are_refused) {
  for (const char* s : {"%files", "OpenAt", "read,write", "trace=read", "!", "",
                        "!!read", "read write", "%", "!%"}) {
    json doc = {{"target", {{"all", true}}}, {"syscalls", {s}}};
    auto in = syscalls_input_from_json(doc);
    ASSERT_FALSE(in.ok()) << s;
    EXPECT_EQ(in.error().message.rfind(
                  "key 'syscalls[0]' is '" + std::string(s) +
                      "', not a syscall selector: give a name (openat)",
                  0),
              0u)
        << in.error().message;
  }
}

TEST(SyscallsInputJson, selectors_that_select_nothing_are_refused) {
  for (const char* text : {R"({"target": {"all": true},
                               "syscalls": ["openat", "!openat"]})",
                           R"({"target": {"all": true},
                               "syscalls": ["openat", "!open*"]})"})
    EXPECT_EQ(refusal(text),
              "key 'syscalls' selects no syscall: the '!' items exclude "
              "every syscall the others select");
  EXPECT_EQ(refusal(R"({"target": {"all": true},
                        "syscalls": ["opnat", "!close"]})"),
            "unknown syscall 'opnat'; did you mean openat, openat2?");
}

} // namespace
} // namespace sctrace::syscalls
