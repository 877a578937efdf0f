#include "modes/compare/live_target.h"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace sctrace::compare {
namespace {

// A child named `name` that sleeps until killed.
pid_t named_child(const char* name) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_NAME, name);
    ::pause();
    ::_exit(0);
  }
  return pid;
}

struct Child {
  explicit Child(const char* name) : pid(named_child(name)) {
    // Until the child has renamed itself.
    for (int i = 0; i < 200 && comm() != name; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~Child() {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  std::string comm() const {
    char buf[64] = {};
    FILE* f =
        std::fopen(("/proc/" + std::to_string(pid) + "/comm").c_str(), "r");
    if (f == nullptr)
      return "";
    std::fgets(buf, sizeof buf, f);
    std::fclose(f);
    std::string s = buf;
    return s.empty() ? s : s.substr(0, s.size() - 1);
  }
  pid_t pid;
};

TEST(CompareLiveTarget, pids_are_checked_and_sorted_once_each) {
  Child a("sct-cmp-a");
  auto r = resolve_live_target({{a.pid, ::getpid(), a.pid}, "", ""});
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::vector<pid_t> want = {a.pid, ::getpid()};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(*r, want);
}

TEST(CompareLiveTarget, a_pid_that_does_not_run_is_not_found) {
  pid_t gone = ::fork();
  if (gone == 0)
    ::_exit(0);
  ::waitpid(gone, nullptr, 0);
  auto r = resolve_live_target({{gone}, "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::NotFound);
  EXPECT_NE(r.error().message.find(std::to_string(gone)), std::string::npos);
}

TEST(CompareLiveTarget, comm_matches_exactly_or_as_a_glob) {
  Child a("sct-cmp-one"), b("sct-cmp-two");
  auto exact = resolve_live_target({{}, "sct-cmp-one", ""});
  ASSERT_TRUE(exact.ok()) << exact.error().message;
  EXPECT_EQ(*exact, std::vector<pid_t>{a.pid});
  auto glob = resolve_live_target({{}, "sct-cmp-*", ""});
  ASSERT_TRUE(glob.ok()) << glob.error().message;
  EXPECT_EQ(glob->size(), 2u);
  auto prefix_only = resolve_live_target({{}, "sct-cmp", ""});
  ASSERT_FALSE(prefix_only.ok());
  EXPECT_EQ(prefix_only.error().kind, ErrorKind::NotFound);
  EXPECT_NE(prefix_only.error().message.find("comm 'sct-cmp'"),
            std::string::npos)
      << prefix_only.error().message;
}

TEST(CompareLiveTarget, exactly_one_target_is_given) {
  auto none = resolve_live_target({});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, ErrorKind::Invalid);
  auto two = resolve_live_target({{::getpid()}, "x", ""});
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().kind, ErrorKind::Invalid);
}

TEST(CompareLiveTarget, a_hostile_name_is_escaped_in_messages) {
  auto r = resolve_live_target({{}, "\x1b[2Jx", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find('\x1b'), std::string::npos)
      << r.error().message;
}

} // namespace
} // namespace sctrace::compare
