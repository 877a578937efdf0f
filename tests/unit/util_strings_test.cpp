// String helpers shared by every library. (JSON and C escaping moved
// to src/output/: tests/unit/output_*_test.cpp.)
#include <gtest/gtest.h>

#include "util/strings.h"

namespace sctrace::util {
namespace {

TEST(Strings, utf8_sequence_length_rejects_overlong_and_truncated) {
  EXPECT_EQ(utf8_sequence_length("a", 0), 1u);
  EXPECT_EQ(utf8_sequence_length("\xc3\xa9", 0), 2u);
  EXPECT_EQ(utf8_sequence_length("\xf0\x9f\x98\x80", 0), 4u);
  EXPECT_EQ(utf8_sequence_length("\xc0\xaf", 0), 0u);         // overlong '/'
  EXPECT_EQ(utf8_sequence_length("\xe2\x82", 0), 0u);         // truncated
  EXPECT_EQ(utf8_sequence_length("\xf4\x90\x80\x80", 0), 0u); // > U+10FFFF
}

TEST(Strings, closest_names_for_did_you_mean) {
  std::vector<std::string> names = {"openat", "open", "openat2", "read",
                                    "close"};
  auto c = closest_names("opnat", names);
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c.front(), "openat");
  EXPECT_TRUE(closest_names("zzzzzzzz", names).empty());
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Strings, split_and_trim) {
  EXPECT_EQ(split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(trim("  x y \n"), "x y");
  EXPECT_EQ(join({"a", "b"}, ", "), "a, b");
}

} // namespace
} // namespace sctrace::util
