// `sctrace syscalls -y/-yy` names fds as strace -y/-yy does, from the
// trace's own calls, so a command that has exited before its events
// reach sctrace still gets them: read(3</tmp/x>, ...), = 3</tmp/x>,
// sockets' protocol and addresses with -yy, an fd nobody knows as a
// number (counted in tool_stats.fd_paths_unresolved), JSON fd_path.
#include <fstream>
#include <regex>
#include <sstream>

#include "syscalls_live_util.h"

namespace sctrace::live {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

// The lines that name PATH as an fd, as "call(FD<PATH> ... = RET": the
// first argument and the result (read's buffer differs: strace prints
// its bytes, sctrace the pointer).
std::vector<std::string> file_fd_lines(const std::string& text,
                                       const std::string& path) {
  static const std::regex call(
      R"(^(?:\d+ +)?(\w+)\(([^,)]*).* = (\S+)(?: <.*>)?$)");
  std::vector<std::string> out;
  for (const auto& line : lines_of(text)) {
    std::smatch m;
    if (line.find("<" + path + ">") != std::string::npos &&
        std::regex_match(line, m, call))
      out.push_back(m[1].str() + "(" + m[2].str() + " = " + m[3].str());
  }
  return out;
}

struct Workload {
  TempDir dir;
  std::string file = dir.file("fd-names.txt");
  Workload() { std::ofstream(file) << "hello\n"; }
  std::vector<std::string> cmd() const {
    return {workload_bin(), "fd_names", file};
  }
};

const std::vector<std::string> kFileCalls = {"-e",
                                             "trace=openat,read,dup,close"};
const std::vector<std::string> kSocketCalls = {
    "-e", "trace=socket,bind,listen,getsockname,connect,accept,close"};

TEST(LiveSyscallsFdNames, y_names_file_fds_as_strace_does) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  Workload w;
  auto r =
      sctrace(sc::concat(sc::concat({"syscalls", "-y", "--no-T"}, kFileCalls),
                         sc::concat({"--"}, w.cmd())),
              60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string f = "<" + w.file + ">";
  auto got = file_fd_lines(r.out, w.file);
  ASSERT_EQ(got.size(), 6u) << r.out;
  std::smatch m;
  ASSERT_TRUE(
      std::regex_match(got[0], m, std::regex(R"(openat\(AT_FDCWD = (\d+)<.*)")))
      << got[0];
  const std::string fd = m[1].str();
  ASSERT_TRUE(
      std::regex_match(got[2], m, std::regex(R"(dup\(\d+<.*> = (\d+)<.*)")))
      << got[2];
  const std::string copy = m[1].str();
  EXPECT_NE(fd, copy);
  std::vector<std::string> want = {
      "openat(AT_FDCWD = " + fd + f,      "read(" + fd + f + " = 6",
      "dup(" + fd + f + " = " + copy + f, "close(" + fd + f + " = 0",
      "read(" + copy + f + " = 0", // at EOF
      "close(" + copy + f + " = 0"};
  EXPECT_EQ(got, want) << r.out;
  // strace -y on the same workload names them the same way (strace also
  // names AT_FDCWD's directory, AT_FDCWD</cwd>: sctrace does not).
  TempDir sdir;
  auto strace = file_fd_lines(
      std::regex_replace(
          sc::strace_output(sdir, sc::concat({"-y"}, kFileCalls), w.cmd()),
          std::regex("AT_FDCWD<[^>]*>"), "AT_FDCWD"),
      w.file);
  EXPECT_EQ(got, strace);
  // An fd nobody knows stays a number, as in strace.
  EXPECT_NE(r.out.find("\nread(1000, "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(") = -1 EBADF (Bad file descriptor)"),
            std::string::npos);
}

TEST(LiveSyscallsFdNames, yy_names_tcp_sockets_with_their_addresses) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  Workload w;
  auto r = sctrace(
      sc::concat(sc::concat({"syscalls", "-yy", "--no-T"}, kSocketCalls),
                 sc::concat({"--"}, w.cmd())),
      60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // From the workload's first socket (the command's process closes
  // inherited fds before its execve; those are not the workload's).
  std::vector<std::string> lines;
  for (const auto& l : lines_of(r.out))
    if ((!lines.empty() || l.starts_with("socket(")) &&
        l.find("TCP:[") != std::string::npos)
      lines.push_back(l);
  ASSERT_EQ(lines.size(), 11u) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_match(
      lines[0], m, std::regex(R"(socket\(AF_INET, .*\) = (\d+)<TCP:\[\]>)")))
      << lines[0];
  const std::string s = m[1].str();
  ASSERT_TRUE(std::regex_match(
      lines[3], m,
      std::regex("getsockname\\(" + s + "<TCP:\\[\\]>, .*htons\\((\\d+)\\).*")))
      << lines[3];
  const std::string srv = "127.0.0.1:" + m[1].str();
  ASSERT_TRUE(std::regex_match(
      lines[4], m, std::regex(R"(socket\(AF_INET, .*\) = (\d+)<TCP:\[\]>)")))
      << lines[4];
  const std::string c = m[1].str();
  EXPECT_TRUE(lines[5].starts_with("connect(" + c + "<TCP:[]>, ")) << lines[5];
  ASSERT_TRUE(std::regex_match(lines[6], m,
                               std::regex("getsockname\\(" + c + "<TCP:\\[->" +
                                          srv + "\\]>, .*htons\\((\\d+)\\).*")))
      << lines[6];
  const std::string cli = "127.0.0.1:" + m[1].str();
  ASSERT_TRUE(std::regex_match(lines[7], m,
                               std::regex("accept\\(" + s + "<TCP:\\[" + srv +
                                          "\\]>, .*\\) = (\\d+)<TCP:\\[" + srv +
                                          "->" + cli + "\\]>")))
      << lines[7];
  const std::string a = m[1].str();
  // Closed in the order strace -yy shows for the same program.
  EXPECT_EQ(lines[8], "close(" + a + "<TCP:[" + srv + "->" + cli + "]>) = 0");
  EXPECT_EQ(lines[9], "close(" + c + "<TCP:[" + cli + "->" + srv + "]>) = 0");
  EXPECT_EQ(lines[10], "close(" + s + "<TCP:[" + srv + "]>) = 0");
}

TEST(LiveSyscallsFdNames, yy_names_unix_sockets_by_their_addresses) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  auto r = sctrace({"syscalls", "-yy", "--no-T", "-e", "trace=close", "--",
                    workload_bin(), "abstract_sockets"},
                   60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The fd numbers depend on what the command inherited (ctest leaves an
  // fd open): the listener is L, the client the next one, L+1.
  std::vector<std::string> got;
  std::smatch m;
  for (const auto& l : lines_of(r.out))
    if (l.find("UNIX") != std::string::npos)
      got.push_back(l);
  ASSERT_EQ(got.size(), 4u) << r.out;
  ASSERT_TRUE(std::regex_search(got[1], m, std::regex(R"(^close\((\d+)<)")))
      << got[1];
  const int l = std::stoi(m[1]);
  const std::string c = std::to_string(l + 1), s = std::to_string(l);
  // bind, connect and the NUL inside a name (escaped as in paths).
  EXPECT_EQ(got, (std::vector<std::string>{
                     "close(" + c + "<UNIX-STREAM:[->@hello]>) = 0",
                     "close(" + s + "<UNIX-STREAM:[@hello]>) = 0",
                     "close(" + s + "<UNIX-STREAM:[@he\\x00llo]>) = 0",
                     "close(" + s +
                         "<UNIX-STREAM:[@sctrace-abstract-name-longer-"
                         "than-21-bytes]>) = 0"}))
      << r.out;
}

// An fd the command had before the trace (stdin, here a file) is named as
// it was then, even though the command replaces it before its events
// reach sctrace: sctrace reads the waiting command's fds when it starts.
TEST(LiveSyscallsFdNames, y_names_inherited_fds_as_they_were_at_start) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  Workload w;
  int file = ::open(w.file.c_str(), O_RDONLY);
  ASSERT_GE(file, 0);
  int saved = ::dup(0);
  ASSERT_GE(saved, 0);
  ::dup2(file, 0); // sctrace, and so the command, inherit it as stdin
  ::close(file);
  auto r = sctrace({"syscalls", "-y", "--no-T", "-e", "trace=read,dup2", "--",
                    workload_bin(), "fd_stdin"},
                   60);
  ::dup2(saved, 0);
  ::close(saved);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> got;
  for (const auto& l : lines_of(r.out))
    if (l.starts_with("read(0") || l.starts_with("dup2("))
      got.push_back(std::regex_replace(l, std::regex("0x[0-9a-f]+"), "BUF"));
  ASSERT_GE(got.size(), 3u) << r.out;
  got.erase(got.begin(), got.end() - 3); // the command's own calls
  // openat of /dev/null is not selected, but traced for the fd table. Its
  // number depends on what the command inherited (ctest leaves an fd
  // open): N.
  got[1] = std::regex_replace(got[1], std::regex(R"(^dup2\(\d+<)"), "dup2(N<");
  EXPECT_EQ(got, (std::vector<std::string>{
                     "read(0<" + w.file + ">, BUF, 1) = 1",
                     "dup2(N</dev/null>, 0<" + w.file + ">) = 0</dev/null>",
                     "read(0</dev/null>, BUF, 1) = 0"}))
      << r.out;
  // Only the selected calls are shown and counted.
  EXPECT_EQ(r.out.find("openat("), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("openat "), std::string::npos) << r.err;
}

// A child gets its parent's fds: sh opens the file as fd 3, moves it to
// 0 and vforks the reader, whose calls reach sctrace before sh's vfork
// returns (the parent is looked up in /proc: the reader lingers 2 s, a
// child gone by then gets its parent's fds only from the vfork event).
TEST(LiveSyscallsFdNames, y_names_fds_a_child_inherited) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  Workload w;
  auto r = sctrace({"syscalls", "-y", "--no-T", "-e", "trace=read", "--",
                    "/bin/sh", "-c",
                    "exec 3<'" + w.file + "'; '" + workload_bin() +
                        "' read_linger 2000 <&3; true"},
                   60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> got;
  static const std::regex read0(
      R"(^\[pid +\d+\] (read\(0<[^>]*>), 0x[0-9a-f]+, \d+\) = (\d+)$)");
  for (const auto& l : lines_of(r.out)) {
    std::smatch m;
    if (std::regex_match(l, m, read0))
      got.push_back(m[1].str() + " = " + m[2].str());
  }
  EXPECT_EQ(got, (std::vector<std::string>{"read(0<" + w.file + "> = 6",
                                           "read(0<" + w.file + "> = 0"}))
      << r.out;
}

TEST(LiveSyscallsFdNames, json_events_carry_fd_path_only_with_y) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  Workload w;
  const std::vector<std::string> calls = {"-e",
                                          "trace=openat,read,dup,close,socket"};
  auto r = sctrace(
      sc::concat(sc::concat({"syscalls", "-y", "--format", "jsonl"}, calls),
                 sc::concat({"--"}, w.cmd())),
      60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto out = parse_jsonl(r.out);
  std::vector<nlohmann::json> mine, sockets, unknown;
  for (const auto& e : out.events) {
    if (e.value("fd_path", "") == w.file)
      mine.push_back(e);
    if (e["syscall"] == "socket")
      sockets.push_back(e);
    if (e["syscall"] == "read" && e["args"]["fd"] == 1000)
      unknown.push_back(e);
  }
  ASSERT_EQ(mine.size(), 6u) << r.out;
  EXPECT_EQ(mine[0]["syscall"], "openat");
  EXPECT_FALSE(mine[0].contains("fd_paths")); // one fd named: fd_path
  EXPECT_EQ(mine[2]["syscall"], "dup");
  EXPECT_EQ(mine[2]["fd_paths"]["fildes"], w.file);
  EXPECT_EQ(mine[2]["fd_paths"]["return_value"], w.file);
  ASSERT_EQ(sockets.size(), 2u);
  EXPECT_EQ(sockets[0]["fd_path"], "socket:[?]"); // -y: not -yy's form
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_FALSE(unknown[0].contains("fd_path"));
  EXPECT_GE(out.summary["tool_stats"]["fd_paths_unresolved"].get<int>(), 1);
  // Without -y: no fd_path, no counter.
  auto plain =
      sctrace(sc::concat(sc::concat({"syscalls", "--format", "jsonl"}, calls),
                         sc::concat({"--"}, w.cmd())),
              60);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out.find("fd_path"), std::string::npos);
}

} // namespace
} // namespace sctrace::live
