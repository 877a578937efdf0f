// run_compare with stand-in tracers: shell scripts that record their argv
// and write recorded logs, so the orchestration is tested without root.
#include "modes/compare/session.h"
#include "temp_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sctrace::compare {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class SessionTest : public ::testing::Test {
protected:
  // A tracer stand-in: saves its argv (one per line), copies `log` to the
  // file after -o, prints `message` to stderr and exits with `code`.
  std::string tracer(const std::string& name, const std::string& log,
                     const std::string& message = "", int code = 0) {
    std::string path = dir_ + "/" + name;
    std::ofstream s(path);
    s << "#!/bin/sh\n"
      << "printf '%s\\n' \"$@\" > '" << dir_ << "/" << name << ".argv'\n"
      << "while [ $# -gt 0 ]; do\n"
      << "  if [ \"$1\" = -o ]; then out=$2; fi\n"
      << "  shift\n"
      << "done\n";
    if (!log.empty())
      s << "cp '" << std::string(SCTRACE_TEST_DATA) << "/compare/" << log
        << "' \"$out\"\n";
    if (!message.empty())
      s << "echo '" << message << "' >&2\n";
    s << "exit " << code << "\n";
    s.close();
    ::chmod(path.c_str(), 0755);
    return path;
  }

  std::vector<std::string> argv_of(const std::string& name) {
    std::vector<std::string> out;
    std::istringstream in(slurp(dir_ + "/" + name + ".argv"));
    for (std::string line; std::getline(in, line);)
      out.push_back(line);
    return out;
  }

  CompareOptions options() {
    CompareOptions o;
    o.command = {"true", "a b"};
    o.strace = tracer("strace", "fork_pair.strace");
    o.sctrace = tracer("sctrace", "fork_pair.jsonl");
    return o;
  }

  test::TempDir tmp_{"sctrace-session"};
  const std::string dir_ = tmp_.path();
};

TEST_F(SessionTest, runs_both_tracers_and_compares_their_logs) {
  CompareOptions o = options();
  std::vector<std::string> progress;
  o.on_progress = [&](const std::string& m) { progress.push_back(m); };
  auto r = run_compare(o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(progress.size(), 3u);
  EXPECT_EQ(r->untraced.exit_code, 0);
  EXPECT_EQ(r->strace.exit_code, 0);
  EXPECT_TRUE(r->strace.span_seconds);
  EXPECT_TRUE(r->sctrace.span_seconds);
  EXPECT_EQ(r->diff.paired_threads, 3u);
  EXPECT_EQ(r->diff.sctrace_started_before_trace, 2u);
  EXPECT_TRUE(r->logs_dir.empty()); // a temporary directory, removed
  auto s = argv_of("strace");
  std::vector<std::string> want = {"-f", "-qq", "-ttt", "-T", "-o"};
  ASSERT_GE(s.size(), 9u);
  EXPECT_EQ(std::vector<std::string>(s.begin(), s.begin() + 5), want);
  EXPECT_EQ(std::vector<std::string>(s.end() - 3, s.end()),
            (std::vector<std::string>{"--", "true", "a b"}));
  auto c = argv_of("sctrace");
  ASSERT_GE(c.size(), 6u);
  EXPECT_EQ(std::vector<std::string>(c.begin(), c.begin() + 4),
            (std::vector<std::string>{"syscalls", "--format", "jsonl", "-o"}));
  EXPECT_FALSE(std::filesystem::exists(s[5])); // the log went with it
}

TEST_F(SessionTest, passes_the_selection_in_each_tracers_syntax) {
  CompareOptions o = options();
  o.syscalls = "open*,close";
  o.logs_dir = dir_ + "/logs";
  auto r = run_compare(o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->logs_dir, dir_ + "/logs");
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/logs/strace.log"));
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/logs/sctrace.jsonl"));
  auto s = argv_of("strace");
  EXPECT_NE(std::find(s.begin(), s.end(), "trace=/^open.*$,close"), s.end());
  auto c = argv_of("sctrace");
  EXPECT_NE(std::find(c.begin(), c.end(), "trace=open*,close"), c.end());
}

TEST_F(SessionTest, classifies_tracer_failures) {
  CompareOptions o = options();
  o.strace = tracer("strace", "", "strace: invalid system call bogus", 1);
  auto r = run_compare(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_NE(r.error().message.find("invalid system call bogus"),
            std::string::npos);

  o = options();
  o.sctrace =
      tracer("sctrace", "", "sctrace syscalls: error: sctrace needs root", 3);
  r = run_compare(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Permission);
  EXPECT_NE(r.error().message.find("sctrace needs root"), std::string::npos);

  o = options();
  o.sctrace =
      tracer("sctrace", "", "sctrace syscalls: error: bpftrace died", 1);
  r = run_compare(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Child);
}

TEST_F(SessionTest, environment_and_usage_errors_come_first) {
  CompareOptions o = options();
  o.strace = "/nonexistent/strace";
  auto r = run_compare(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unsupported);
  EXPECT_NE(r.error().message.find("apt-get install strace"),
            std::string::npos);
  o = options();
  o.command.clear();
  r = run_compare(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  o = options();
  o.command = {"sctrace-no-such-command"};
  r = run_compare(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::NotFound);
}

} // namespace
} // namespace sctrace::compare
