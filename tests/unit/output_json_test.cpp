// JSON string literals (src/output/json.h).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

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

// Each byte class that leaves the plain-ASCII fast path, at every offset
// of strings long enough for several 8-byte words, with plain text before
// and after: the run before it, the byte and the run after it come out
// exactly once.
TEST(Json, special_bytes_at_every_offset) {
  const std::pair<std::string, std::string> cases[] = {
      {"\"", "\\\""},
      {"\\", "\\\\"},
      {"\n", "\\n"},
      {std::string(1, '\0'), "\\u0000"},
      {"\x1f", "\\u001f"},
      {"\x7f", "\x7f"},
      {" ", " "},
      {"\xc3\xa9", "\xc3\xa9"},
      {"\xff", "\xef\xbf\xbd"},
      {"\x80", "\xef\xbf\xbd"},
  };
  for (const auto& [in, want] : cases)
    for (std::size_t before = 0; before < 18; ++before)
      for (std::size_t after : {0, 1, 7, 8, 9}) {
        const std::string a(before, 'a'), b(after, 'b');
        EXPECT_EQ(json(a + in + b), "\"" + a + want + b + "\"")
            << "byte " << static_cast<int>(static_cast<unsigned char>(in[0]))
            << " after " << before << " plain bytes, " << after << " after";
      }
}

// put_json_string() writes append_json_string()'s bytes and stays within
// json_string_bound(), for every byte value at every offset and for the
// worst case (every byte a 6-byte escape).
TEST(Json, put_json_string_matches_and_fits_its_bound) {
  std::vector<std::string> inputs = {std::string(64, '\x01'), "",
                                     std::string(40, '\xff')};
  for (int c = 0; c < 256; ++c)
    for (std::size_t before : {0, 1, 7, 8, 9, 15, 16})
      inputs.push_back(std::string(before, 'a') + static_cast<char>(c) + "bc");
  for (const std::string& in : inputs) {
    const std::size_t bound = json_string_bound(in.size());
    std::string buf(bound + 16, '#');
    char* end = put_json_string(buf.data(), in);
    ASSERT_LE(end, buf.data() + bound);
    EXPECT_EQ(buf.substr(bound), std::string(16, '#'));
    EXPECT_EQ(std::string(buf.data(), end), json(in));
  }
  EXPECT_EQ(json(std::string(64, '\x01')).size(), 6 * 64 + 2);
}

// The word-at-a-time paths (8-byte words, an overlapping last word, two
// overlapping 4-byte halves for 4 to 7 bytes, bytewise under 4) against a
// bytewise reference: every length up to 20, a byte that needs care at
// every position, both writers.
TEST(Json, every_short_length_and_position_matches_a_bytewise_reference) {
  const std::pair<char, std::string> specials[] = {{'"', "\\\""},
                                                   {'\\', "\\\\"},
                                                   {'\x01', "\\u0001"},
                                                   {'\xff', "\xef\xbf\xbd"},
                                                   {'\x80', "\xef\xbf\xbd"}};
  for (std::size_t n = 0; n <= 20; ++n) {
    std::string plain;
    for (std::size_t i = 0; i < n; ++i)
      plain.push_back(static_cast<char>('a' + i % 26));
    std::vector<std::pair<std::string, std::string>> cases = {
        {plain, "\"" + plain + "\""}};
    for (std::size_t at = 0; at < n; ++at)
      for (const auto& [c, escaped] : specials) {
        std::string in = plain, want = "\"";
        in[at] = c;
        want += plain.substr(0, at) + escaped + plain.substr(at + 1) + "\"";
        cases.emplace_back(in, want);
      }
    for (const auto& [in, want] : cases) {
      EXPECT_EQ(json(in), want) << "length " << n;
      std::string buf(json_string_bound(in.size()), '#');
      char* end = put_json_string(buf.data(), in);
      EXPECT_EQ(std::string(buf.data(), end), want) << "length " << n;
    }
  }
}

} // namespace
} // namespace sctrace::output
