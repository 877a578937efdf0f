// The terminal escaper (src/output/escape.h).
#include <gtest/gtest.h>

#include "output/escape.h"

namespace sctrace::output {
namespace {

std::string c_escaped(std::string_view s) {
  std::string out;
  append_c_escaped(out, s);
  return out;
}

std::string terminal_safe(std::string_view s) {
  std::string out;
  append_terminal_safe(out, s);
  return out;
}

TEST(Escape, c_escaping_keeps_one_event_on_one_line) {
  EXPECT_EQ(c_escaped("new\nline\r\t\"q\"\\"), "new\\nline\\r\\t\\\"q\\\"\\\\");
  EXPECT_EQ(c_escaped("\x01\x7f\xff"), "\\x01\\x7f\\xff");
  EXPECT_EQ(c_escaped("caf\xc3\xa9"), "caf\xc3\xa9");
}

TEST(Escape, c_escaping_writes_every_other_control_as_hex) {
  EXPECT_EQ(c_escaped("\x1b[2J\x07"), "\\x1b[2J\\x07");
  EXPECT_EQ(c_escaped(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(c_escaped("\xc0\xaf\xe2\x82"), "\\xc0\\xaf\\xe2\\x82")
      << "each byte of an invalid sequence";
  EXPECT_EQ(c_escaped("\xf0\x9f\x98\x80 ok"), "\xf0\x9f\x98\x80 ok");
}

TEST(Escape, terminal_safe_leaves_quotes_and_backslashes) {
  EXPECT_EQ(terminal_safe("open(\"/a\\\"b\")"), "open(\"/a\\\"b\")");
  EXPECT_EQ(terminal_safe("cat /etc/host\nname"), "cat /etc/host\\x0aname");
  EXPECT_EQ(terminal_safe("\t\r\x1b\x7f\xff"), "\\x09\\x0d\\x1b\\x7f\\xff");
  EXPECT_EQ(terminal_safe("caf\xc3\xa9"), "caf\xc3\xa9");
}

// A terminal acts on U+009B (CSI) like on ESC [, and bidi controls make
// it show text in another order than the bytes (Trojan Source): neither
// may reach a terminal raw, whatever a comm or file name holds.
TEST(Escape, c1_and_bidi_controls_are_escaped_as_u_hex) {
  EXPECT_EQ(c_escaped("a\xc2\x9b"
                      "2Jb"),
            "a\\u009b2Jb");
  EXPECT_EQ(c_escaped("\xc2\x80\xc2\x85\xc2\x9f"), "\\u0080\\u0085\\u009f");
  EXPECT_EQ(c_escaped("x\xe2\x80\xaetxt.exe"), "x\\u202etxt.exe");
  EXPECT_EQ(c_escaped("\xe2\x80\x8e\xe2\x80\x8f\xe2\x80\xaa\xe2\x81\xa6"
                      "\xe2\x81\xa9"),
            "\\u200e\\u200f\\u202a\\u2066\\u2069");
  EXPECT_EQ(terminal_safe("ls \xc2\x9b\xe2\x81\xa7"), "ls \\u009b\\u2067");
}

TEST(Escape, printable_neighbours_of_the_controls_stay) {
  // U+00A0, U+00E9, U+200D (ZWJ in emoji), U+2029, U+202F, U+2070.
  const char* kept[] = {"\xc2\xa0",     "\xc3\xa9",     "\xe2\x80\x8d",
                        "\xe2\x80\xa9", "\xe2\x80\xaf", "\xe2\x81\xb0"};
  for (const char* s : kept)
    EXPECT_EQ(c_escaped(s), s);
}

} // namespace
} // namespace sctrace::output
