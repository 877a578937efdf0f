// parse_format (src/spec/format.cpp): trace.py's specifier set exactly.
#include <gtest/gtest.h>

#include "spec/parser.h"

namespace sctrace::spec {
namespace {

TEST(ParseFormat, splits_literals_and_specifiers) {
  auto r = parse_format("open %s flags=%x mode %d");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->literals,
            (std::vector<std::string>{"open ", " flags=", " mode ", ""}));
  ASSERT_EQ(r->specifiers.size(), 3u);
  EXPECT_EQ(r->specifiers[0].kind, FormatKind::String);
  EXPECT_EQ(r->specifiers[1].kind, FormatKind::Hex);
  EXPECT_EQ(r->specifiers[1].text, "%x");
  EXPECT_EQ(r->specifiers[1].offset, 14u);
  EXPECT_EQ(r->specifiers[2].kind, FormatKind::Int);
}

TEST(ParseFormat, accepts_every_trace_py_specifier_with_its_width) {
  struct Case {
    const char* text;
    FormatKind kind;
    int bits;
  };
  const Case cases[] = {
      {"%s", FormatKind::String, 32}, {"%d", FormatKind::Int, 32},
      {"%u", FormatKind::Uint, 32},   {"%x", FormatKind::Hex, 32},
      {"%ld", FormatKind::Int, 64},   {"%lu", FormatKind::Uint, 64},
      {"%lx", FormatKind::Hex, 64},   {"%lld", FormatKind::Int, 64},
      {"%llu", FormatKind::Uint, 64}, {"%llx", FormatKind::Hex, 64},
      {"%hd", FormatKind::Int, 16},   {"%hu", FormatKind::Uint, 16},
      {"%c", FormatKind::Char, 8},    {"%K", FormatKind::Ksym, 64},
      {"%U", FormatKind::Usym, 64},
  };
  for (const Case& c : cases) {
    auto r = parse_format(c.text);
    ASSERT_TRUE(r.ok()) << c.text;
    ASSERT_EQ(r->specifiers.size(), 1u) << c.text;
    EXPECT_EQ(r->specifiers[0].kind, c.kind) << c.text;
    EXPECT_EQ(r->specifiers[0].bits, c.bits) << c.text;
    EXPECT_EQ(r->specifiers[0].text, c.text);
    EXPECT_EQ(r->literals, (std::vector<std::string>{"", ""})) << c.text;
  }
}

TEST(ParseFormat, decodes_double_percent_to_literal) {
  auto r = parse_format("100%% of %d%%");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->literals, (std::vector<std::string>{"100% of ", "%"}));
  ASSERT_EQ(r->specifiers.size(), 1u);
  EXPECT_EQ(r->specifiers[0].offset, 9u);
}

TEST(ParseFormat, empty_format_has_one_empty_literal) {
  auto r = parse_format("");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->literals, (std::vector<std::string>{""}));
  EXPECT_TRUE(r->specifiers.empty());
}

TEST(ParseFormat, rejects_width_with_position_and_list) {
  auto r = parse_format("size %5d");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Syntax);
  EXPECT_EQ(r.error().message,
            "unsupported format specifier '%5d' at offset 5: trace.py "
            "supports %s %d %u %x %ld %lu %lx %lld %llu %llx %hd %hu %c %K "
            "%U and %%");
  ASSERT_TRUE(r.error().pos.has_value());
  EXPECT_EQ(*r.error().pos, (SourcePos{1, 6}));
}

TEST(ParseFormat, rejects_unsupported_conversions) {
  const std::pair<const char*, const char*> cases[] = {
      {"%f", "'%f'"},   {"%p", "'%p'"},     {"x %-10s", "'%-10s'"},
      {"%#x", "'%#x'"}, {"%hhd", "'%hhd'"}, {"%l", "'%l'"},
      {"%lf", "'%lf'"}, {"%X", "'%X'"},     {"%i", "'%i'"},
      {"end %", "'%'"}, {"%.3s", "'%.3s'"}, {"%zu", "'%zu'"},
  };
  for (const auto& [format, quoted] : cases) {
    auto r = parse_format(format);
    ASSERT_FALSE(r.ok()) << format;
    EXPECT_NE(r.error().message.find(quoted), std::string::npos)
        << format << ": " << r.error().message;
  }
}

TEST(ParseFormat, trailing_percent_reports_its_offset) {
  auto r = parse_format("50%");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().pos->column, 3);
  EXPECT_NE(r.error().message.find("at offset 2"), std::string::npos);
}

} // namespace
} // namespace sctrace::spec
