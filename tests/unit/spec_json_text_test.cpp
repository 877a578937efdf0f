// Untrusted JSON text: positions in errors and the nesting bound.
#include "spec/json_text.h"

#include <gtest/gtest.h>

namespace sctrace::spec {
namespace {

TEST(JsonText, parses_a_document) {
  auto j = parse_json_text(R"({"a": [1, "x"]})", "body");
  ASSERT_TRUE(j.ok()) << j.error().message;
  EXPECT_EQ((*j)["a"][1], "x");
}

TEST(JsonText, malformed_text_names_line_column_and_byte) {
  auto j = parse_json_text("{\n  \"a\": ,\n}", "body");
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error().kind, ErrorKind::Syntax);
  ASSERT_TRUE(j.error().pos);
  EXPECT_EQ(j.error().pos->line, 2);
  EXPECT_EQ(j.error().pos->column, 8);
  EXPECT_EQ(j.error().message.rfind("body:2:8: malformed JSON at byte 9: ", 0),
            0u)
      << j.error().message;
  auto cut = parse_json_text(R"({"a":)", "req.json");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().message.rfind("req.json:1:6: malformed JSON", 0), 0u)
      << cut.error().message;
}

TEST(JsonText, nesting_past_the_bound_is_refused_before_parsing) {
  std::string deep(max_json_depth, '[');
  deep += std::string(max_json_depth, ']');
  EXPECT_TRUE(parse_json_text(deep, "body").ok());
  std::string deeper(100000, '[');
  auto j = parse_json_text(deeper, "body");
  ASSERT_FALSE(j.ok());
  EXPECT_NE(j.error().message.find("nested deeper than 64"), std::string::npos);
  EXPECT_EQ(j.error().pos->column, max_json_depth + 1);
  // Brackets inside strings do not count.
  std::string in_string = "{\"a\": \"" + std::string(1000, '[') + "\\\"\"}";
  EXPECT_TRUE(parse_json_text(in_string, "body").ok());
}

TEST(JsonText, invalid_utf8_in_a_string_is_refused) {
  auto j = parse_json_text("{\"a\": \"\xff\"}", "body");
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error().kind, ErrorKind::Syntax);
}

} // namespace
} // namespace sctrace::spec

namespace sctrace::spec {
namespace {

TEST(JsonText, the_reason_keeps_its_own_colons) {
  auto j = parse_json_text("{\"target\": {\"pid\": 1},\n  oops\n}", "in");
  ASSERT_FALSE(j.ok());
  EXPECT_NE(j.error().message.find(
                ": syntax error while parsing object key - invalid literal; "
                "last read: '"),
            std::string::npos)
      << j.error().message;
}

} // namespace
} // namespace sctrace::spec
