// `sctrace syscalls -- CMD ARGS...`: the command's exit code becomes
// sctrace's, its arguments reach it unchanged (execve, no shell), and it
// runs as it would untraced: it inherits no descriptor of sctrace's.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "syscalls_live_util.h"

namespace sctrace::live {
namespace {

TEST(LiveSyscallsCommand, exit_code_passes_through) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  std::string out = dir.file("events.jsonl");
  auto r = sctrace({"syscalls", "--format", "jsonl", "-o", out, "--", "/bin/sh",
                    "-c", "exit 7"},
                   60);
  EXPECT_EQ(r.exit_code, 7) << r.err;
  auto o = parse_jsonl(read_file(out));
  EXPECT_EQ(o.summary["command_exit_code"], 7);
  EXPECT_EQ(o.summary["stop_reason"], "command_exited");
  std::size_t exit_groups = 0;
  for (const auto& e : o.events)
    if (e["syscall"] == "exit_group") {
      ++exit_groups;
      EXPECT_EQ(e["args"]["error_code"], 7) << e;
    }
  EXPECT_EQ(exit_groups, 1u);

  // And 0 stays 0.
  r = sctrace({"syscalls", "-e", "trace=exit_group", "-o", out, "--", "/bin/sh",
               "-c", "exit 0"},
              60);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(LiveSyscallsCommand, arguments_reach_the_command_unchanged) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  const std::vector<std::string> args = {"two words",
                                         "\"double\" and 'single'",
                                         "$HOME `id` ;|&",
                                         "",
                                         "-e",
                                         "--",
                                         "tab\there",
                                         "*"};
  std::string got_file = dir.file("args");
  std::string out = dir.file("events.jsonl");
  auto r = sctrace(
      sc::concat({"syscalls", "-e", "trace=execve", "--format", "jsonl", "-o",
                  out, "--", workload_bin(), "write_args", got_file},
                 args),
      60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string expected;
  for (const auto& a : args)
    expected += a + '\0';
  EXPECT_EQ(read_file(got_file), expected);
  // One execve: the command's own, no shell in between.
  auto o = parse_jsonl(read_file(out));
  ASSERT_EQ(o.events.size(), 1u);
  EXPECT_EQ(
      o.events[0]["args"]["filename"],
      std::filesystem::path(workload_bin())
          .string()
          .substr(0, o.summary["tool_stats"]["string_size"].get<std::size_t>() -
                         1));
  EXPECT_EQ(o.events[0]["return_value"], 0);
}

TEST(LiveSyscallsCommand, the_output_file_is_not_inherited_by_the_command) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  // strace -o FILE opens FILE close-on-exec: the traced command does not
  // get a descriptor of the trace (it could write into it, and its own
  // descriptors would be numbered differently than untraced).
  TempDir dir;
  std::string out = dir.file("events.txt");
  auto r =
      sctrace({"syscalls", "-e", "trace=exit_group", "-o", out, "--", "/bin/sh",
               "-c", "for f in /proc/$$/fd/*; do readlink \"$f\"; done; true"},
              60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find(out), std::string::npos)
      << "the command has a descriptor of " << out << ":\n"
      << r.out;
  // Nor does strace's command, run the same way.
  std::string strace_out = dir.file("strace.txt");
  auto s = run({sc::kStrace, "-f", "-o", strace_out, "-e", "trace=exit_group",
                "--", "/bin/sh", "-c",
                "for f in /proc/$$/fd/*; do readlink \"$f\"; done; true"},
               60);
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out.find(strace_out), std::string::npos) << s.out;
}

TEST(LiveSyscallsCommand, descriptors_given_to_sctrace_reach_the_command) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  // `TRACER -- cmd` run with fd 7 open on a file (`7<FILE`, socket
  // activation, a make jobserver...): strace's command gets fd 7, as it
  // would untraced; so must sctrace's. Only sctrace's own descriptors
  // (its -o file, its pipes) must stay out.
  TempDir dir;
  std::string file = dir.file("input");
  std::ofstream(file) << "through fd 7\n";
  const std::string inner = "cat <&7";
  auto s = run({"/bin/sh", "-c",
                "exec \"$0\" -f -qq -o /dev/null -e trace=exit_group -- "
                "/bin/sh -c \"$2\" 7<\"$1\"",
                sc::kStrace, file, inner},
               60);
  ASSERT_EQ(s.exit_code, 0) << s.err;
  ASSERT_EQ(s.out, "through fd 7\n") << "strace: " << s.err;
  auto r = run({"/bin/sh", "-c",
                "exec \"$0\" syscalls -e trace=exit_group -o /dev/null -- "
                "/bin/sh -c \"$2\" 7<\"$1\"",
                sctrace_bin(), file, inner},
               60);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "through fd 7\n") << r.err;
}

TEST(LiveSyscallsCommand, the_trace_starts_at_the_commands_execve) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  // As under strace -f: the launcher's own set-up of the child (its fds,
  // here fd 7 given to sctrace and its stdout sent to sctrace's stderr)
  // is not the command's, so the first call traced is the execve.
  TempDir dir;
  std::string out = dir.file("events.jsonl");
  auto r = run({"/bin/sh", "-c",
                "exec \"$0\" syscalls --format jsonl -o \"$1\" -- /bin/true "
                "7</dev/null",
                sctrace_bin(), out},
               60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  ASSERT_FALSE(o.events.empty()) << r.err;
  EXPECT_EQ(o.events[0]["syscall"], "execve") << o.events[0];
  EXPECT_EQ(o.events[0]["args"]["filename"], "/bin/true");
  EXPECT_EQ(o.events[0]["return_value"], 0);
  // Counted, it is the calls strace -f sees return (exit_group does not),
  // no more.
  r = run({"/bin/sh", "-c",
           "exec \"$0\" count --format json -- /bin/true 7</dev/null",
           sctrace_bin()},
          60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"close_range", "dup2", "fcntl"})
    EXPECT_EQ(r.out.find(std::string("\"") + name + "\""), std::string::npos)
        << name << " counted:\n"
        << r.out;
  std::string strace_log = dir.file("strace.log");
  auto s =
      run({sc::kStrace, "-f", "-qq", "-o", strace_log, "--", "/bin/true"}, 60);
  ASSERT_EQ(s.exit_code, 0) << s.err;
  std::istringstream lines(read_file(strace_log));
  std::size_t strace_calls = 0; // that returned, as count counts them
  for (std::string line; std::getline(lines, line);)
    strace_calls +=
        line.rfind("+++", 0) != 0 && line.find("= ?") == std::string::npos ? 1
                                                                           : 0;
  auto counted = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(counted.is_discarded()) << r.out;
  EXPECT_EQ(counted["summary"]["total_calls"], strace_calls)
      << r.out << read_file(strace_log);
}

} // namespace
} // namespace sctrace::live
