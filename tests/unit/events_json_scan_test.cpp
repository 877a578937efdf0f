// JsonCursor and normalize_json (src/events/json_scan.cpp).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "events/json_scan.h"

namespace sctrace::events {
namespace {

std::string decode(std::string_view json_string) {
  JsonCursor cursor(json_string);
  std::string out;
  EXPECT_TRUE(cursor.read_string_into(out)) << json_string;
  return out;
}

bool decodes(std::string_view json_string) {
  JsonCursor cursor(json_string);
  std::string out;
  return cursor.read_string_into(out);
}

TEST(JsonCursor, decodes_ffffff_escapes_to_bytes) {
  EXPECT_EQ(decode(R"("caf\uffffffc3\uffffffa9")"), "caf\xc3\xa9");
  EXPECT_EQ(decode(R"("\uffffffff\ufffffffe")"), "\xff\xfe");
  EXPECT_EQ(decode(R"("\uFFFFFFC3")"), "\xc3");
}

TEST(JsonCursor, decodes_standard_escapes) {
  EXPECT_EQ(decode(R"("\"\\\/\b\f\n\r\t")"), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(decode(R"("\u001f\u0001\u0000")"), std::string("\x1f\x01\0", 3));
  EXPECT_EQ(decode(R"("\u00e9\u65e5")"), "\xc3\xa9\xe6\x97\xa5");
  EXPECT_EQ(decode(R"("\ud83d\ude00")"), "\xf0\x9f\x98\x80");
  EXPECT_EQ(decode(R"("\ud83dx")"), "\xef\xbf\xbdx"); // lone surrogate
  EXPECT_EQ(decode(R"("\uffff")"), "\xef\xbf\xbf");   // a real U+FFFF
}

TEST(JsonCursor, keeps_raw_bytes) {
  EXPECT_EQ(decode("\"del\x7f raw\xff\""), "del\x7f raw\xff");
}

TEST(JsonCursor, rejects_broken_strings) {
  EXPECT_FALSE(decodes(R"("unterminated)"));
  EXPECT_FALSE(decodes(R"("bad \q escape")"));
  EXPECT_FALSE(decodes(R"("short \u12")"));
  EXPECT_FALSE(decodes(R"("ends in backslash\)"));
  EXPECT_FALSE(decodes("no quote"));
}

TEST(JsonCursor, string_without_escapes_is_not_copied) {
  JsonCursor cursor(R"(  "plain" )");
  std::string arena;
  JsonCursor::StringRef ref;
  ASSERT_TRUE(cursor.read_string(arena, ref));
  EXPECT_FALSE(ref.in_arena);
  EXPECT_TRUE(arena.empty());
  EXPECT_EQ(cursor.text().substr(ref.offset, ref.length), "plain");
}

// The closing quote and an escape at every offset, after and before
// plain and raw (>= 0x80) bytes, found by a reader that scans several
// bytes at once; a string cut before its quote is refused at every length.
TEST(JsonCursor, finds_quotes_and_escapes_at_every_offset) {
  for (const char fill : {'a', '\xc3'})
    for (std::size_t before = 0; before < 18; ++before)
      for (std::size_t after = 0; after < 10; ++after) {
        const std::string pre(before, fill), post(after, 'b');
        const std::string plain_text = "\"" + pre + post + "\",1";
        JsonCursor plain(plain_text);
        std::string out;
        ASSERT_TRUE(plain.read_string_into(out)) << plain_text;
        EXPECT_EQ(out, pre + post);
        EXPECT_TRUE(plain.consume(','));
        const std::string escaped_text = "\"" + pre + "\\\"" + post + "\"]";
        JsonCursor escaped(escaped_text);
        out.clear();
        ASSERT_TRUE(escaped.read_string_into(out)) << escaped_text;
        EXPECT_EQ(out, pre + "\"" + post);
        EXPECT_TRUE(escaped.consume(']'));
        const std::string cut_text = "\"" + pre + post;
        JsonCursor cut(cut_text);
        out.clear();
        EXPECT_FALSE(cut.read_string_into(out)) << cut_text;
      }
}

TEST(JsonCursor, reads_64_bit_integers_as_twos_complement) {
  struct Case {
    const char* text;
    bool ok;
    std::uint64_t bits;
  };
  const Case cases[] = {
      {"0", true, 0},
      {"-1", true, UINT64_MAX},
      {"18446744073709551615", true, UINT64_MAX},
      {"-9223372036854775808", true, std::uint64_t{1} << 63},
      {"18446744073709551616", false, 0},
      {"123456789012345678901", false, 0},
      {"1234567890123456789", true, 1234567890123456789ULL},
      {"-9223372036854775809", false, 0},
      {"1.5", false, 0},
      {"1e3", false, 0},
      {"-", false, 0},
      {"x", false, 0},
  };
  for (const Case& c : cases) {
    JsonCursor cursor(c.text);
    std::uint64_t bits = 0;
    bool negative = false;
    std::string_view text;
    EXPECT_EQ(cursor.read_integer(bits, negative, text), c.ok) << c.text;
    if (c.ok) {
      EXPECT_EQ(bits, c.bits) << c.text;
      EXPECT_EQ(text, c.text);
    }
  }
}

// Every length from 1 to 20 digits, each followed by what can end an
// integer in a tuple (and by more digits-like text after it), so that no
// reader that takes several bytes at once reads past the token; the
// value is checked against std::stoull.
TEST(JsonCursor, reads_integers_of_every_length_up_to_their_end) {
  const std::string digits = "18446744073709551615";
  for (std::size_t len = 1; len <= digits.size(); ++len)
    for (const char* tail : {"", ",", "]}", " ,7", ",12345678", "a2345678"}) {
      const std::string number = digits.substr(0, len);
      const std::string line = number + tail;
      JsonCursor cursor(line);
      std::uint64_t bits = 0;
      bool negative = true;
      std::string_view text;
      ASSERT_TRUE(cursor.read_integer(bits, negative, text)) << line;
      EXPECT_EQ(bits, std::stoull(number)) << line;
      EXPECT_FALSE(negative) << line;
      EXPECT_EQ(text, number) << line;
      EXPECT_EQ(cursor.position(), len) << line;
      const std::string minus = "-" + line;
      JsonCursor neg(minus);
      if (len < 19) {
        ASSERT_TRUE(neg.read_integer(bits, negative, text)) << minus;
        EXPECT_EQ(bits, 0 - std::stoull(number)) << minus;
        EXPECT_TRUE(negative) << minus;
      }
    }
}

TEST(NormalizeJson, makes_bpftrace_lines_standard_json) {
  std::string out;
  ASSERT_TRUE(normalize_json(
      R"({"type": "map", "data": {"@c": {"ev\",1]\n\uffffffffx": 11, "caf\uffffffc3\uffffffa9": 2}}})",
      out));
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["data"]["@c"]["ev\",1]\n\xef\xbf\xbdx"], 11);
  EXPECT_EQ(j["data"]["@c"]["caf\xc3\xa9"], 2);
  EXPECT_FALSE(normalize_json(R"({"a": "unterminated})", out));
}

} // namespace
} // namespace sctrace::events
