// The example specs in specs/ are documentation and fixtures: every one
// must parse, validate and survive a JSON round trip.
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "spec/json.h"
#include "spec/parser.h"
#include "spec_fixtures.h"

namespace sctrace::spec {
namespace {

TEST(SpecFiles, every_spec_file_parses) {
  auto files = fixtures::load_spec_files();
  EXPECT_GE(files.size(), 6u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.name);
    ASSERT_FALSE(file.spec.empty()) << "no spec line";
    auto parsed = parse_probe(file.spec, file.name);
    ASSERT_TRUE(parsed.ok())
        << render_diagnostic(parsed.error(), file.spec, file.name);
    EXPECT_TRUE(validate(*parsed).ok());
    auto back = plan_from_json(spec_to_json(*parsed));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->spec, *parsed);
  }
}

TEST(SpecFiles, seed_test_specs_exist_with_expected_probes) {
  std::set<std::string> seen;
  for (const auto& file : fixtures::load_spec_files()) {
    auto parsed = parse_probe(file.spec, file.name);
    ASSERT_TRUE(parsed.ok()) << file.name;
    seen.insert(file.name);
    if (file.name == "test_process_creation.spec") {
      EXPECT_EQ(parsed->probe_type, ProbeType::Tracepoint);
      EXPECT_EQ(parsed->target, "sys_enter_execve");
    } else if (file.name == "test_kretprobe.spec") {
      EXPECT_EQ(parsed->probe_type, ProbeType::Return);
      ASSERT_EQ(parsed->arguments.size(), 1u);
      EXPECT_EQ(parsed->arguments[0].text(), "retval");
    } else if (file.name == "test_with_filter.spec") {
      EXPECT_EQ(parsed->filter.text(), "arg3 > 1024");
    }
  }
  for (const char* name : {"test_sys_open.spec", "test_sys_read.spec",
                           "test_sys_write.spec", "test_process_creation.spec",
                           "test_kretprobe.spec", "test_with_filter.spec"})
    EXPECT_TRUE(seen.count(name)) << name;
}

} // namespace
} // namespace sctrace::spec
