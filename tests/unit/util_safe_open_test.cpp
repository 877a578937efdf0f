// Opening -o files and compare's logs without following a symlink another
// user planted (the kernel's protected_symlinks rule, applied by sctrace).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "temp_dir.h"
#include "util/safe_open.h"

namespace sctrace::util {
namespace {

struct stat dir_stat(mode_t mode, uid_t owner) {
  struct stat st {};
  st.st_mode = S_IFDIR | mode;
  st.st_uid = owner;
  return st;
}

struct stat link_stat(uid_t owner) {
  struct stat st {};
  st.st_mode = S_IFLNK | 0777;
  st.st_uid = owner;
  return st;
}

TEST(SymlinkRule,
     refuses_a_link_of_another_user_in_a_sticky_world_writable_dir) {
  EXPECT_FALSE(symlink_follow_allowed(dir_stat(01777, 0), link_stat(65534), 0));
}

TEST(SymlinkRule, allows_the_links_of_the_dir_owner_and_of_the_follower) {
  EXPECT_TRUE(symlink_follow_allowed(dir_stat(01777, 0), link_stat(0), 0));
  EXPECT_TRUE(
      symlink_follow_allowed(dir_stat(01777, 1000), link_stat(1000), 0));
  EXPECT_TRUE(
      symlink_follow_allowed(dir_stat(01777, 0), link_stat(1000), 1000));
}

TEST(SymlinkRule, allows_any_link_outside_sticky_world_writable_dirs) {
  EXPECT_TRUE(symlink_follow_allowed(dir_stat(0777, 0), link_stat(65534), 0));
  EXPECT_TRUE(symlink_follow_allowed(dir_stat(01755, 0), link_stat(65534), 0));
}

class SafeOpen : public ::testing::Test {
protected:
  void SetUp() override { std::ofstream(dir_ + "/victim") << "keep\n"; }
  std::string victim() const {
    std::ifstream in(dir_ + "/victim");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // A sticky world-writable dir (like /tmp) holding a link to victim,
  // owned by uid; false when not root (lchown needs it).
  bool plant(uid_t uid) {
    if (::geteuid() != 0)
      return false;
    std::string sticky = dir_ + "/sticky";
    EXPECT_EQ(::mkdir(sticky.c_str(), 0700), 0);
    EXPECT_EQ(::chmod(sticky.c_str(), 01777), 0);
    EXPECT_EQ(::symlink((dir_ + "/victim").c_str(), link().c_str()), 0);
    EXPECT_EQ(::lchown(link().c_str(), uid, uid), 0);
    return true;
  }
  std::string link() const { return dir_ + "/sticky/link"; }
  test::TempDir tmp_{"sctrace-safe-open"};
  const std::string dir_ = tmp_.path();
};

TEST_F(SafeOpen, refuses_a_planted_link_and_leaves_its_target_untouched) {
  if (!plant(65534))
    GTEST_SKIP() << "needs root (lchown)";
  auto fd = open_for_writing(link(), O_WRONLY | O_CREAT | O_TRUNC);
  ASSERT_FALSE(fd.ok());
  EXPECT_EQ(fd.error().kind, ErrorKind::Invalid) << fd.error().message;
  EXPECT_NE(fd.error().message.find("owned by uid 65534"), std::string::npos)
      << fd.error().message;
  EXPECT_EQ(victim(), "keep\n");
}

TEST_F(SafeOpen, follows_a_link_of_the_dir_owner) {
  if (!plant(0))
    GTEST_SKIP() << "needs root (lchown)";
  auto fd = open_for_writing(link(), O_WRONLY | O_CREAT | O_TRUNC);
  ASSERT_TRUE(fd.ok()) << fd.error().message;
  ::close(*fd);
  EXPECT_EQ(victim(), "");
}

TEST_F(SafeOpen, follows_a_relative_link_in_a_normal_dir) {
  ASSERT_EQ(::symlink("victim", (dir_ + "/rel").c_str()), 0);
  auto fd = open_for_writing(dir_ + "/rel", O_WRONLY | O_TRUNC);
  ASSERT_TRUE(fd.ok()) << fd.error().message;
  EXPECT_EQ(::write(*fd, "new\n", 4), 4);
  ::close(*fd);
  EXPECT_EQ(victim(), "new\n");
}

TEST_F(SafeOpen, exclusive_create_reports_eexist_for_a_link) {
  ASSERT_EQ(::symlink("victim", (dir_ + "/rel").c_str()), 0);
  int err = 0;
  auto fd =
      open_for_writing(dir_ + "/rel", O_WRONLY | O_CREAT | O_EXCL, 0600, &err);
  ASSERT_FALSE(fd.ok());
  EXPECT_EQ(err, EEXIST);
  EXPECT_EQ(victim(), "keep\n");
}

TEST(ParentDirectory, of_relative_absolute_and_root_paths) {
  EXPECT_EQ(parent_directory("out.txt"), ".");
  EXPECT_EQ(parent_directory("/x"), "/");
  EXPECT_EQ(parent_directory("/tmp/a/b"), "/tmp/a");
}

} // namespace
} // namespace sctrace::util
