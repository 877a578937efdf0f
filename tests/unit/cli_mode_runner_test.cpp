// ModeRunner::command_stdout_to_stderr (src/cli/mode_runner.cpp): where
// `-- CMD`'s stdout goes (issue 16.2, docs/output.md).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "cli/mode_runner.h"

namespace sctrace::cli {
namespace {

TEST(ModeRunner, structured_output_on_stdout_moves_the_command_stdout) {
  ModeRunner r("sctrace test");
  ASSERT_TRUE(r.open_output("").ok());
  EXPECT_TRUE(r.command_stdout_to_stderr("json"));
  EXPECT_TRUE(r.command_stdout_to_stderr("jsonl"));
  EXPECT_TRUE(r.command_stdout_to_stderr("csv"));
  EXPECT_FALSE(r.command_stdout_to_stderr("text"));
}

TEST(ModeRunner, an_output_file_keeps_the_command_stdout) {
  const std::string path =
      std::filesystem::temp_directory_path() /
      ("sctrace-mode-runner-" + std::to_string(::getpid()) + ".json");
  ModeRunner r("sctrace test");
  ASSERT_TRUE(r.open_output(path).ok());
  EXPECT_FALSE(r.command_stdout_to_stderr("json"));
  std::filesystem::remove(path);
}

// -o naming the file stdout already is (/dev/stdout) is stdout.
TEST(ModeRunner, output_to_dev_stdout_is_stdout) {
  ModeRunner r("sctrace test");
  if (!r.open_output("/dev/stdout").ok())
    GTEST_SKIP() << "/dev/stdout cannot be opened here";
  EXPECT_TRUE(r.command_stdout_to_stderr("jsonl"));
}

} // namespace
} // namespace sctrace::cli
