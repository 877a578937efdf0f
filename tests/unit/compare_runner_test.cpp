#include "modes/compare/runner.h"

#include <gtest/gtest.h>

#include <cstdlib>
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

TEST(Runner, reports_exit_codes_and_time) {
  auto r = run_timed({{"true"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_GE(r->seconds, 0);
  r = run_timed({{"sh", "-c", "exit 7"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 7);
  r = run_timed({{"sh", "-c", "kill -TERM $$"}});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->exit_code);
  EXPECT_EQ(r->term_signal, 15);
}

TEST(Runner, a_missing_command_is_not_found) {
  auto r = run_timed({{"sctrace-no-such-command"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::NotFound);
  EXPECT_NE(r.error().message.find("sctrace-no-such-command"),
            std::string::npos);
}

TEST(Runner, stdin_is_dev_null_and_only_three_fds_are_open) {
  char dir[] = "/tmp/sctrace-runner-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  std::string out = std::string(dir) + "/out";
  // argv goes to exec as is: the quotes and $ stay for sh.
  auto r = run_timed({{"sh", "-c",
                       "readlink /proc/self/fd/0; "
                       "ls /proc/self/fd | wc -l; cat"},
                      out});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 0);
  // 0, 1, 2 and the fd ls opens on /proc/self/fd itself.
  EXPECT_EQ(slurp(out), "/dev/null\n4\n");
  std::system(("rm -rf " + std::string(dir)).c_str());
}

} // namespace
} // namespace sctrace::compare
