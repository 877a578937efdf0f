// strace's syscall classes: spot checks and table invariants.
#include <gtest/gtest.h>

#include <algorithm>

#include "decode/syscall_classes.h"

namespace sctrace::decode {
namespace {

bool has(std::string_view cls, std::string_view sc) {
  const auto& v = syscalls_in_class(cls);
  return std::find(v.begin(), v.end(), sc) != v.end();
}

TEST(SyscallClasses, known_members) {
  EXPECT_TRUE(has("%file", "openat"));
  EXPECT_TRUE(has("%file", "execve"));
  EXPECT_FALSE(has("%file", "read"));
  EXPECT_TRUE(has("%network", "connect"));
  EXPECT_TRUE(has("%net", "sendfile"));
  EXPECT_TRUE(has("%process", "clone3"));
  EXPECT_TRUE(has("%signal", "rt_sigaction"));
  EXPECT_TRUE(has("%desc", "read"));
  EXPECT_TRUE(has("%memory", "mmap"));
  EXPECT_TRUE(has("%creds", "setuid"));
  EXPECT_TRUE(has("%clock", "clock_gettime"));
  EXPECT_EQ(syscalls_in_class("%stat"), std::vector<std::string_view>{"stat"});
  EXPECT_EQ(syscalls_in_class("%%statfs"),
            (std::vector<std::string_view>{"fstatfs", "statfs", "ustat"}));
  EXPECT_EQ(syscalls_in_class("%pure").size(), 8u);
}

TEST(SyscallClasses, aliases_and_unknown_names) {
  EXPECT_EQ(syscalls_in_class("%net"), syscalls_in_class("%network"));
  EXPECT_EQ(syscalls_in_class("file"), syscalls_in_class("%file"));
  EXPECT_TRUE(syscalls_in_class("stat").empty()) << "the syscall, not a class";
  EXPECT_TRUE(syscalls_in_class("%nope").empty());
  EXPECT_TRUE(syscalls_in_class("").empty());
}

TEST(SyscallClasses, every_class_is_sorted_and_non_empty) {
  ASSERT_EQ(syscall_class_names().size(), 18u);
  for (std::string_view cls : syscall_class_names()) {
    const auto& v = syscalls_in_class(cls);
    EXPECT_FALSE(v.empty()) << cls;
    EXPECT_TRUE(std::is_sorted(v.begin(), v.end())) << cls;
    EXPECT_EQ(std::adjacent_find(v.begin(), v.end()), v.end()) << cls;
  }
}

} // namespace
} // namespace sctrace::decode
