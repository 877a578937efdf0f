// `sctrace syscalls` decodes arguments as strace renders them: openat's
// AT_FDCWD, paths, flags and mode, and the result (fd or -1 ERRNO (msg)),
// line for line against `strace -f -e trace=openat`. JSON carries the
// errno's number, name and message.
#include <regex>
#include <set>
#include <sstream>

#include "syscalls_live_util.h"

namespace sctrace::live {
namespace {

// openat lines without pid prefixes, timing and strace's column padding,
// and with a returned descriptor written FD:
//   openat(AT_FDCWD, "/", O_WRONLY) = -1 EISDIR (Is a directory)
//   openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = FD
// (Which number the kernel hands out depends on the descriptors the
// command inherits: see LiveSyscallsCommand.*inherit*.)
std::vector<std::string> openat_lines(const std::string& text) {
  static const std::regex prefix(R"(^(\d+ +|\[pid +\d+\] ))");
  static const std::regex timing(R"( <\d+\.\d{6}>$)");
  static const std::regex padding(R"(\) +=)");
  static const std::regex fd(R"( = \d+$)");
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    line = std::regex_replace(line, prefix, "");
    if (!line.starts_with("openat("))
      continue;
    line = std::regex_replace(line, timing, "");
    line = std::regex_replace(line, padding, ") =");
    line = std::regex_replace(line, fd, " = FD");
    out.push_back(line);
  }
  return out;
}

std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines)
    s += "  " + l + "\n";
  return s;
}

TEST(LiveSyscallsArgs, openat_lines_are_identical_to_strace) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  std::vector<std::string> cmd = {workload_bin(), "open_args", dir.path()};
  auto expected =
      openat_lines(sc::strace_output(dir, {"-e", "trace=openat"}, cmd));
  ::unlink(dir.file("created").c_str());
  auto r = sctrace(
      sc::concat({"syscalls", "-e", "trace=openat", "--format", "text", "--"},
                 cmd),
      60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto got = openat_lines(r.out);
  // The three calls of the workload, as strace shows them.
  const std::string d = dir.path();
  const std::vector<std::string> ours = {
      "openat(AT_FDCWD, \"" + d +
          "/created\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0640) = FD",
      "openat(AT_FDCWD, \"" + d +
          "/missing\", O_RDONLY) = -1 ENOENT (No such file or directory)",
      "openat(AT_FDCWD, \"" + d + "\", O_RDONLY|O_DIRECTORY) = FD",
  };
  ASSERT_GE(expected.size(), 3u) << join(expected);
  EXPECT_EQ(std::vector<std::string>(expected.end() - 3, expected.end()), ours)
      << "strace itself renders them differently:\n"
      << join(expected);
  // Every openat line, the dynamic loader's included, is strace's.
  EXPECT_EQ(got, expected) << "sctrace:\n"
                           << join(got) << "strace:\n"
                           << join(expected);
}

// The syscalls with two strings share one program per kind with the
// sockaddr and exec ones (gen/syscalls_program.h); each finds its two
// strings in its own arguments: 0 and 1 (rename, symlink, link), 1 and 3
// (renameat, renameat2, linkat), 0 and 2 (symlinkat). The whole program
// runs (no -e), so every kind's program is attached at once.
TEST(LiveSyscallsArgs, two_path_calls_carry_both_strings) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  auto r = sctrace({"syscalls", "--format", "jsonl", "--", workload_bin(),
                    "two_paths", dir.path()},
                   60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  using Call = std::vector<std::string>;
  const std::set<std::string> names = {"rename",  "renameat",  "renameat2",
                                       "symlink", "symlinkat", "link",
                                       "linkat"};
  std::vector<Call> got;
  for (const auto& e : parse_jsonl(r.out).events) {
    if (!names.count(e["syscall"].get<std::string>()))
      continue;
    Call c = {e["syscall"].get<std::string>(),
              std::to_string(e["return_value"].get<long>())};
    for (const char* k : {"oldname", "newname"})
      c.push_back(e["args"][k].get<std::string>());
    got.push_back(c);
  }
  const std::vector<Call> want = {
      {"rename", "0", "a", "b"},     {"renameat", "0", "b", "c"},
      {"renameat2", "0", "c", "d"},  {"symlink", "0", "d", "s"},
      {"symlinkat", "0", "d", "s2"}, {"link", "0", "d", "h"},
      {"linkat", "0", "h", "h2"}};
  EXPECT_EQ(got, want);
}

TEST(LiveSyscallsArgs, json_args_and_errors_of_openat) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  auto r = sctrace({"syscalls", "-e", "trace=openat", "--format", "jsonl", "--",
                    workload_bin(), "open_args", dir.path()},
                   60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(r.out);
  const std::string d = dir.path();
  std::vector<nlohmann::json> ours;
  for (const auto& e : o.events) {
    ASSERT_EQ(e["syscall"], "openat") << e;
    EXPECT_EQ(e["nr"], 257) << e;
    auto f = e["args"]["filename"].get<std::string>();
    if (f.starts_with(d))
      ours.push_back(e);
  }
  ASSERT_EQ(ours.size(), 3u) << o.events.size() << " events";

  const auto& created = ours[0];
  EXPECT_EQ(created["args"],
            (nlohmann::json{{"dfd", "AT_FDCWD"},
                            {"filename", d + "/created"},
                            {"flags", "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC"},
                            {"mode", "0640"}}));
  // The lowest free descriptor, as for the dynamic loader's first open
  // (every open before was closed).
  const auto fd = o.events.at(0)["return_value"];
  EXPECT_EQ(o.events[0]["args"]["filename"], "/etc/ld.so.cache");
  EXPECT_EQ(created["return_value"], fd);
  EXPECT_TRUE(created["error"].is_null());
  EXPECT_TRUE(created["unfinished"].is_null());

  const auto& missing = ours[1];
  EXPECT_EQ(missing["args"], (nlohmann::json{{"dfd", "AT_FDCWD"},
                                             {"filename", d + "/missing"},
                                             {"flags", "O_RDONLY"}}));
  EXPECT_EQ(missing["return_value"], -2);
  EXPECT_EQ(missing["error"],
            (nlohmann::json{{"errno", 2},
                            {"name", "ENOENT"},
                            {"message", "ENOENT: No such file or directory"}}));

  const auto& directory = ours[2];
  EXPECT_EQ(directory["args"],
            (nlohmann::json{{"dfd", "AT_FDCWD"},
                            {"filename", d},
                            {"flags", "O_RDONLY|O_DIRECTORY"}}));
  EXPECT_EQ(directory["return_value"], fd);
  EXPECT_TRUE(directory["error"].is_null());

  for (const auto& e : ours) {
    ASSERT_TRUE(e["duration_ns"].is_number_unsigned()) << e;
    EXPECT_EQ(e["duration_us"], e["duration_ns"].get<std::uint64_t>() / 1000);
  }
  // One failed call (printed with 6 significant digits).
  EXPECT_NEAR(o.summary["error_rate"].get<double>(),
              1.0 / static_cast<double>(o.events.size()), 1e-6);
}

} // namespace
} // namespace sctrace::live
