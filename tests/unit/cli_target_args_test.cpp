// The shared target options (cli/target_args.h): --target alone, and
// `sctrace syscalls`' --syscalls as -e trace= (cli/syscalls_command.h).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>

#include "cli/syscalls_command.h"
#include "cli/target_args.h"

namespace sctrace::cli {
namespace {

// Parses ARGS as a subcommand with the target options.
Result<targets::TargetOptions> parse(std::vector<std::string> args,
                                     const std::vector<std::string>& cmd) {
  CLI::App app;
  TargetArgs a;
  add_target_options(&app, a);
  std::reverse(args.begin(), args.end());
  app.parse(args);
  return finish_target(a, cmd);
}

TEST(CliTargetArgs, target_word_becomes_the_target_it_names) {
  auto t = parse({"--target", std::to_string(::getpid())}, {});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->pids, (std::vector<std::int64_t>{::getpid()}));
  t = parse({"--target=sctrace-x"}, {});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->comm, "sctrace-x");
}

TEST(CliTargetArgs, target_word_with_another_target_names_both) {
  for (auto other : std::vector<std::vector<std::string>>{
           {"-p", "1"}, {"--comm", "x"}, {"--container", "c"}, {"-a"}}) {
    auto args = other;
    args.insert(args.begin(), {"--target", "nginx"});
    auto t = parse(args, {});
    ASSERT_FALSE(t.ok()) << other[0];
    EXPECT_NE(t.error().message.find("--target and " + other[0]),
              std::string::npos)
        << t.error().message;
  }
  auto t = parse({"--target", "nginx"}, {"/bin/true"});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("a command after --"), std::string::npos);
}

// `sctrace syscalls ARGS` (no command after --): its exit code.
int run_syscalls(std::vector<std::string> args) {
  CLI::App app;
  SyscallsCommand c;
  setup_syscalls_command(app, c);
  args.insert(args.begin(), "syscalls");
  std::reverse(args.begin(), args.end());
  app.parse(args);
  return run_syscalls_command(c, {});
}

TEST(CliSyscallsOptions, syscalls_list_and_e_together_are_refused) {
  const std::string self = std::to_string(::getpid());
  ::testing::internal::CaptureStderr();
  int code = run_syscalls(
      {"-p", self, "-e", "trace=read", "--syscalls", "write", "--dry-run"});
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("-e and --syscalls both given"), std::string::npos) << err;
}

TEST(CliSyscallsOptions, syscalls_list_selects_as_e_trace_does) {
  const std::string self = std::to_string(::getpid());
  ::testing::internal::CaptureStdout();
  int e = run_syscalls({"-p", self, "-e", "trace=getppid", "--dry-run"});
  std::string with_e = ::testing::internal::GetCapturedStdout();
  ::testing::internal::CaptureStdout();
  int s = run_syscalls({"-p", self, "--syscalls=getppid", "--dry-run"});
  std::string with_list = ::testing::internal::GetCapturedStdout();
  ::testing::internal::CaptureStdout();
  run_syscalls({"-p", self, "--dry-run"});
  std::string every = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(e, 0);
  EXPECT_EQ(s, 0);
  EXPECT_EQ(with_e, with_list);
  EXPECT_NE(with_list, every); // the list did select
}

} // namespace
} // namespace sctrace::cli
