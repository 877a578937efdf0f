// JSON string literals (src/output/json.h).
#include <gtest/gtest.h>

#include "output/json.h"

namespace sctrace::output {
namespace {

std::string json(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(Json, escapes_controls_quotes_and_invalid_utf8) {
  EXPECT_EQ(json("plain /path"), "\"plain /path\"");
  EXPECT_EQ(json("a\"b\\c\nd\te\x1f"), "\"a\\\"b\\\\c\\nd\\te\\u001f\"");
  EXPECT_EQ(json("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
  EXPECT_EQ(json("bad\xff\xfe"), "\"bad\xef\xbf\xbd\xef\xbf\xbd\"");
  EXPECT_EQ(json(std::string("nul\0x", 5)), "\"nul\\u0000x\"");
  EXPECT_EQ(json("\xed\xa0\x80"), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"")
      << "a UTF-16 surrogate encoded in UTF-8 is invalid";
}

TEST(Json, short_escapes_and_the_rest_as_u00xx) {
  EXPECT_EQ(json("\b\f\r\x01\x7f"), "\"\\b\\f\\r\\u0001\x7f\"")
      << "DEL is valid in a JSON string";
  EXPECT_EQ(json(""), "\"\"");
}

TEST(Json, keeps_every_valid_sequence_and_replaces_broken_ones) {
  EXPECT_EQ(json("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");
  EXPECT_EQ(json("\xc2\x9b\xe2\x80\xae"), "\"\xc2\x9b\xe2\x80\xae\"")
      << "JSON keeps C1 and bidi controls: consumers parse, not display";
  EXPECT_EQ(json("\xc0\xaf"), "\"\xef\xbf\xbd\xef\xbf\xbd\"") << "overlong";
  EXPECT_EQ(json("x\xe2\x82"), "\"x\xef\xbf\xbd\xef\xbf\xbd\"") << "truncated";
  EXPECT_EQ(json("\x80y"), "\"\xef\xbf\xbdy\"") << "stray continuation";
}

} // namespace
} // namespace sctrace::output
