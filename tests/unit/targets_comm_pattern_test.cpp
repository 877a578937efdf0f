// --comm PATTERN (targets/comm_pattern.h): a name or a prefix glob, what
// the kernel filter can test; every other glob refused, never silently
// matching nothing.
#include <gtest/gtest.h>

#include "targets/comm_pattern.h"
#include "targets/target.h"

namespace sctrace::targets {
namespace {

TEST(CommPattern, a_name_is_exact_and_a_trailing_star_a_prefix) {
  auto p = parse_comm_pattern("nginx");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->text, "nginx");
  EXPECT_FALSE(p->prefix);
  p = parse_comm_pattern("ngin*");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->text, "ngin");
  EXPECT_TRUE(p->prefix);
  EXPECT_TRUE(comm_matches(*p, "nginx"));
  EXPECT_TRUE(comm_matches(*p, "ngin"));
  EXPECT_FALSE(comm_matches(*p, "ngi"));
  EXPECT_FALSE(comm_matches(*p, "xnginx"));
  p = parse_comm_pattern("nginx");
  EXPECT_TRUE(comm_matches(*p, "nginx"));
  EXPECT_FALSE(comm_matches(*p, "nginx2"));
}

TEST(CommPattern, other_globs_are_refused_saying_what_works) {
  for (const char* bad : {"ng?nx", "ng*nx", "*nx", "ngin**", "[n]ginx"}) {
    auto p = parse_comm_pattern(bad);
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.error().kind, ErrorKind::Invalid);
    EXPECT_NE(p.error().message.find("prefix ending in one '*'"),
              std::string::npos)
        << p.error().message;
  }
  auto all = parse_comm_pattern("*");
  ASSERT_FALSE(all.ok());
  EXPECT_NE(all.error().message.find("use -a"), std::string::npos);
  EXPECT_FALSE(parse_comm_pattern("").ok());
}

TEST(CommPattern, more_than_fifteen_bytes_never_match_and_are_refused) {
  EXPECT_TRUE(parse_comm_pattern("abcdefghijklmno").ok());
  EXPECT_TRUE(parse_comm_pattern("abcdefghijklmno*").ok());
  auto p = parse_comm_pattern("abcdefghijklmnop*");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("(abcdefghijklmno*)"), std::string::npos)
      << p.error().message;
}

TEST(CommPattern, resolve_target_passes_the_prefix_to_the_generator) {
  TargetOptions o;
  o.comm = "sctr*";
  auto t = resolve_target(o);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->comm, "sctr");
  EXPECT_TRUE(t->comm_prefix);
  o.comm = "s?tr";
  EXPECT_FALSE(resolve_target(o).ok());
}

} // namespace
} // namespace sctrace::targets
