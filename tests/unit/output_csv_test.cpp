// CSV fields (src/output/csv.h).
#include <gtest/gtest.h>

#include "output/csv.h"

namespace sctrace::output {
namespace {

std::string field(std::string_view s) {
  std::string out = "x,";
  append_csv_field(out, s);
  return out;
}

std::string quoted(std::string_view s) {
  std::string out = "x,";
  append_csv_quoted(out, s);
  return out;
}

TEST(Csv, quotes_only_what_needs_it) {
  EXPECT_EQ(quoted("plain text"), "x,plain text");
  EXPECT_EQ(quoted("a,b"), "x,\"a,b\"");
  EXPECT_EQ(quoted("say \"hi\""), "x,\"say \"\"hi\"\"\"");
  EXPECT_EQ(quoted("cr\rlf\n"), "x,\"cr\rlf\n\"");
  EXPECT_EQ(quoted(""), "x,");
}

TEST(Csv, field_is_c_escaped_then_quoted) {
  EXPECT_EQ(field("cat"), "x,cat");
  EXPECT_EQ(field("we,ird\"\n"), "x,\"we,ird\\\"\"\\n\"");
  EXPECT_EQ(field("a\x1b\x07\r\x7f\xff"), "x,a\\x1b\\x07\\r\\x7f\\xff");
  EXPECT_EQ(field("caf\xc3\xa9"), "x,caf\xc3\xa9");
}

} // namespace
} // namespace sctrace::output
