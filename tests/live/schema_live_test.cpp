// Real sctrace output, hostile file names included, is valid against
// specs/trace_output.schema.json according to an independent validator.
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "live_util.h"

namespace sctrace::live {
namespace {

const char kPython[] = "/usr/bin/python3";

std::string skip_reason() {
  if (::access(kPython, X_OK) != 0)
    return "no /usr/bin/python3";
  if (run({kPython, "-c", "import jsonschema"}).exit_code != 0)
    return "python3-jsonschema is not installed (apt-get install "
           "python3-jsonschema)";
  return {};
}

RunResult validate(const std::string& file, const std::string& mode) {
  return run({kPython, SCTRACE_LIVE_DIR "/validate_schema.py",
              SCTRACE_SPECS_DIR "/trace_output.schema.json", file, mode});
}

TEST(LiveSchema, json_and_jsonl_output_with_hostile_names_is_schema_valid) {
  SCTRACE_REQUIRE_LIVE();
  if (auto why = skip_reason(); !why.empty())
    SCTRACE_SKIP_MISSING(why);
  TempDir dir;
  std::string hostile = dir.file("h");
  ASSERT_EQ(::mkdir(hostile.c_str(), 0700), 0);
  for (const char* mode : {"json", "jsonl"}) {
    std::string out = dir.file(std::string("out.") + mode);
    auto r = sctrace({"--format", mode, "-o", out, "-K",
                      "r::sys_openat \"%s\", arg2", "sys_getppid", "--",
                      workload_bin(), "hostile", hostile});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto v = validate(out, mode);
    EXPECT_EQ(v.exit_code, 0) << mode << ": " << v.err;
  }
}

TEST(LiveSchema, the_validator_rejects_a_broken_document) {
  SCTRACE_REQUIRE_LIVE();
  if (auto why = skip_reason(); !why.empty())
    SCTRACE_SKIP_MISSING(why);
  TempDir dir;
  std::string out = dir.file("out.json");
  auto r = sctrace({"--format", "json", "-o", out, "r::sys_openat \"%s\", arg2",
                    "--", workload_bin(), "fail_open", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string doc = read_file(out);
  ASSERT_EQ(validate(out, "json").exit_code, 0);
  // A string where the schema wants an integer must be caught.
  auto pos = doc.find("\"retval\":-");
  ASSERT_NE(pos, std::string::npos);
  doc.replace(pos, 10, "\"retval\":\"-");
  auto end = doc.find(',', pos);
  doc.insert(end, "\"");
  std::ofstream(out, std::ios::trunc) << doc;
  EXPECT_NE(validate(out, "json").exit_code, 0);
}

} // namespace
} // namespace sctrace::live
