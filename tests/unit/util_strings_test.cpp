// String helpers shared by every library.
#include <gtest/gtest.h>

#include "util/strings.h"

namespace sctrace::util {
namespace {

std::string json(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string c_escaped(std::string_view s) {
  std::string out;
  append_c_escaped(out, s);
  return out;
}

TEST(Strings, json_escapes_controls_quotes_and_invalid_utf8) {
  EXPECT_EQ(json("plain /path"), "\"plain /path\"");
  EXPECT_EQ(json("a\"b\\c\nd\te\x1f"), "\"a\\\"b\\\\c\\nd\\te\\u001f\"");
  EXPECT_EQ(json("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
  EXPECT_EQ(json("bad\xff\xfe"), "\"bad\xef\xbf\xbd\xef\xbf\xbd\"");
  EXPECT_EQ(json(std::string("nul\0x", 5)), "\"nul\\u0000x\"");
  EXPECT_EQ(json("\xed\xa0\x80"), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"")
      << "a UTF-16 surrogate encoded in UTF-8 is invalid";
}

TEST(Strings, c_escaping_keeps_one_event_on_one_line) {
  EXPECT_EQ(c_escaped("new\nline\r\t\"q\"\\"), "new\\nline\\r\\t\\\"q\\\"\\\\");
  EXPECT_EQ(c_escaped("\x01\x7f\xff"), "\\x01\\x7f\\xff");
  EXPECT_EQ(c_escaped("caf\xc3\xa9"), "caf\xc3\xa9");
}

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
