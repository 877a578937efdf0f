// strace's -e trace= syntax resolved to syscall numbers.
#include <gtest/gtest.h>

#include <algorithm>

#include "gen/syscall_table.h"
#include "targets/selection.h"

namespace sctrace::targets {
namespace {

std::vector<std::string> names(const std::vector<int>& ids) {
  std::vector<std::string> out;
  for (int id : ids)
    out.emplace_back(gen::syscall_name(id));
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Selection, NamesAndTracePrefix) {
  EXPECT_EQ(names(*parse_selection("openat,close")),
            (std::vector<std::string>{"close", "openat"}));
  EXPECT_EQ(names(*parse_selection("trace=read")),
            (std::vector<std::string>{"read"}));
  // Tracepoint spellings name the same syscall.
  EXPECT_EQ(names(*parse_selection("newfstat")),
            (std::vector<std::string>{"fstat"}));
}

TEST(Selection, Globs) {
  auto open = names(*parse_selection("open*"));
  EXPECT_EQ(open,
            (std::vector<std::string>{"open", "open_by_handle_at", "open_tree",
                                      "open_tree_attr", "openat", "openat2"}));
  EXPECT_EQ(names(*parse_selection("?etuid")),
            (std::vector<std::string>{"getuid", "setuid"}));
}

TEST(Selection, ClassesAsStraceDefinesThem) {
  auto file = names(*parse_selection("%file"));
  EXPECT_TRUE(std::binary_search(file.begin(), file.end(), "openat"));
  EXPECT_TRUE(std::binary_search(file.begin(), file.end(), "execve"));
  EXPECT_FALSE(std::binary_search(file.begin(), file.end(), "read"));
  auto net = names(*parse_selection("%network"));
  EXPECT_TRUE(std::binary_search(net.begin(), net.end(), "connect"));
  EXPECT_EQ(names(*parse_selection("%net")), net);
}

TEST(Selection, NegationAndAll) {
  auto all_but_read = *parse_selection("!read");
  EXPECT_EQ(all_but_read.size(), gen::syscall_table().size() - 1);
  EXPECT_EQ(std::count(all_but_read.begin(), all_but_read.end(), 0), 0);
  // Everything selected means no filter at all.
  EXPECT_TRUE(parse_selection("all")->empty());
  EXPECT_TRUE(parse_selection("!none")->empty());
}

TEST(Selection, ClearErrors) {
  auto typo = parse_selection("opnat");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.error().message.find("did you mean openat"), std::string::npos)
      << typo.error().message;
  auto glob = parse_selection("zzz*");
  ASSERT_FALSE(glob.ok());
  EXPECT_NE(glob.error().message.find("matches no x86_64 syscall"),
            std::string::npos);
  auto cls = parse_selection("%bogus");
  ASSERT_FALSE(cls.ok());
  EXPECT_NE(cls.error().message.find("%file"), std::string::npos);
  EXPECT_FALSE(parse_selection("read,,write").ok());
  EXPECT_FALSE(parse_selection("none").ok());
  EXPECT_FALSE(parse_selection("!all").ok());
}

} // namespace
} // namespace sctrace::targets
