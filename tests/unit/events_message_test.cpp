// format_message (src/events/message.cpp): trace.py/C truncation semantics.
#include <gtest/gtest.h>

#include <vector>

#include "events/message.h"

namespace sctrace::events {
namespace {

std::string fmt(std::string_view format, std::vector<ArgValue> values) {
  auto parsed = spec::parse_format(format);
  EXPECT_TRUE(parsed.ok()) << format;
  return format_message(*parsed, values);
}

TEST(FormatMessage, int_specifiers_truncate_to_their_c_type) {
  const std::int64_t big = (std::int64_t{1} << 32) + 5;
  EXPECT_EQ(fmt("%d", {ArgValue::integer(big)}), "5");
  EXPECT_EQ(fmt("%d", {ArgValue::integer(-1)}), "-1");
  EXPECT_EQ(fmt("%d", {ArgValue::integer(0x80000000LL)}), "-2147483648");
  EXPECT_EQ(fmt("%u", {ArgValue::integer(-1)}), "4294967295");
  EXPECT_EQ(fmt("%x", {ArgValue::integer(-1)}), "ffffffff");
  EXPECT_EQ(fmt("%x", {ArgValue::integer(0x1234abcdef)}), "34abcdef");
  EXPECT_EQ(fmt("%hd", {ArgValue::integer(0x18000)}), "-32768");
  EXPECT_EQ(fmt("%hu", {ArgValue::integer(-1)}), "65535");
  EXPECT_EQ(fmt("%ld", {ArgValue::integer(big)}), "4294967301");
  EXPECT_EQ(fmt("%lld", {ArgValue::integer(INT64_MIN)}),
            "-9223372036854775808");
  EXPECT_EQ(fmt("%lu", {ArgValue::integer(-1)}), "18446744073709551615");
  EXPECT_EQ(fmt("%llu", {ArgValue::unsigned_integer(UINT64_MAX)}),
            "18446744073709551615");
  EXPECT_EQ(fmt("%lx", {ArgValue::integer(-2)}), "fffffffffffffffe");
  EXPECT_EQ(fmt("%llx", {ArgValue::integer(0)}), "0");
}

TEST(FormatMessage, char_prints_the_low_byte) {
  EXPECT_EQ(fmt("[%c]", {ArgValue::integer(0x141)}), "[A]");
  EXPECT_EQ(fmt("%c", {ArgValue::integer(0)}), std::string(1, '\0'));
}

TEST(FormatMessage, strings_and_symbols_are_inserted_verbatim) {
  EXPECT_EQ(fmt("open %s (%d)",
                {ArgValue::string("a\n\"b\xff"), ArgValue::integer(3)}),
            "open a\n\"b\xff (3)");
  EXPECT_EQ(fmt("%K <- %U", {ArgValue::string("do_sys_open+0x0"),
                             ArgValue::string("main+0x12 [a.out]")}),
            "do_sys_open+0x0 <- main+0x12 [a.out]");
}

TEST(FormatMessage, literal_percent_and_no_specifiers) {
  EXPECT_EQ(fmt("100%% done", {}), "100% done");
  EXPECT_EQ(fmt("", {}), "");
}

TEST(FormatMessage, wrong_kinds_and_missing_values_never_fail) {
  EXPECT_EQ(fmt("%s", {ArgValue::integer(-7)}), "-7");
  EXPECT_EQ(fmt("%K", {ArgValue::integer(0xffff)}), "0xffff");
  EXPECT_EQ(fmt("%d", {ArgValue::string("x")}), "x");
  EXPECT_EQ(fmt("%d and %s", {ArgValue::integer(1)}), "1 and %s");
}

} // namespace
} // namespace sctrace::events
