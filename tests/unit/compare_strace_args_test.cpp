#include "modes/compare/strace_args.h"

#include <gtest/gtest.h>

namespace sctrace::compare {
namespace {

using Args = std::vector<std::string>;

TEST(StraceArgs, find_args_end_skips_nested_brackets_and_quotes) {
  std::string_view t = R"(f(1, {a=(2), b=[3]}, "x)y", /* ) */ 4) = 0)";
  std::size_t end = find_args_end(t, 2);
  ASSERT_NE(end, std::string_view::npos);
  EXPECT_EQ(t.substr(end), ") = 0");
}

TEST(StraceArgs, find_args_end_reports_unterminated_lists) {
  EXPECT_EQ(find_args_end("read(3, ", 5), std::string_view::npos);
  EXPECT_EQ(find_args_end(R"(open("a)b)", 5), std::string_view::npos);
}

TEST(StraceArgs, split_args_keeps_commas_inside_strings_and_structs) {
  EXPECT_EQ(split_args(R"(AT_FDCWD, "/tmp/a\"b\nc,d\\e", O_RDONLY)"),
            (Args{"AT_FDCWD", R"("/tmp/a\"b\nc,d\\e")", "O_RDONLY"}));
  EXPECT_EQ(split_args("3, {st_mode=S_IFREG|0644, st_size=41615, ...}, "
                       "AT_EMPTY_PATH"),
            (Args{"3", "{st_mode=S_IFREG|0644, st_size=41615, ...}",
                  "AT_EMPTY_PATH"}));
  EXPECT_EQ(split_args(R"("/bin/true", ["/bin/true"], 0x55 /* 41 vars */)"),
            (Args{R"("/bin/true")", R"(["/bin/true"])", "0x55 /* 41 vars */"}));
  EXPECT_EQ(split_args("SIG_SETMASK, [], ~[KILL STOP RTMIN RT_1], 8"),
            (Args{"SIG_SETMASK", "[]", "~[KILL STOP RTMIN RT_1]", "8"}));
  EXPECT_EQ(split_args("-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, "
                       "NULL"),
            (Args{"-1", "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]", "WNOHANG",
                  "NULL"}));
}

TEST(StraceArgs, split_args_of_nothing_is_empty) {
  EXPECT_TRUE(split_args("").empty());
  EXPECT_TRUE(split_args("  ").empty());
}

TEST(StraceArgs, split_args_keeps_empty_strings_and_truncation_marks) {
  EXPECT_EQ(split_args(R"(3, "", 8)"), (Args{"3", R"("")", "8"}));
  EXPECT_EQ(split_args(R"(3, "\177ELF\2\1"..., 832)"),
            (Args{"3", R"("\177ELF\2\1"...)", "832"}));
}

TEST(StraceArgs, strip_comments_removes_comments_outside_quotes) {
  EXPECT_EQ(strip_comments("0x7ffd /* 41 vars */"), "0x7ffd");
  EXPECT_EQ(strip_comments(R"("/* not a comment */")"),
            R"("/* not a comment */")");
  EXPECT_EQ(strip_comments("0x3001 /* ARCH_??? */"), "0x3001");
}

TEST(StraceArgs, parse_strace_string_decodes_every_escape) {
  auto s = parse_strace_string(R"("a\"b\nc,d\\e\t\r\v\f")");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->bytes, "a\"b\nc,d\\e\t\r\v\f");
  EXPECT_FALSE(s->truncated);
  // Octal: shortest form, or three digits when a digit follows.
  s = parse_strace_string(R"("caf\303\251 \37 \0011 \177ELF")");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->bytes, std::string("caf\xc3\xa9 \x1f \x01"
                                  "1 \x7f"
                                  "ELF"));
  s = parse_strace_string(R"("\xff\x41")");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->bytes, "\xff"
                      "A");
}

TEST(StraceArgs, parse_strace_string_sees_truncation) {
  auto s = parse_strace_string(R"("abc"...)");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->bytes, "abc");
  EXPECT_TRUE(s->truncated);
}

TEST(StraceArgs, parse_strace_string_rejects_what_is_not_one_string) {
  EXPECT_FALSE(parse_strace_string("NULL"));
  EXPECT_FALSE(parse_strace_string(R"("abc)"));
  EXPECT_FALSE(parse_strace_string(R"("a" "b")"));
  EXPECT_FALSE(parse_strace_string(R"(@"abstract")"));
}

TEST(StraceArgs, named_arg_finds_clone_style_names) {
  EXPECT_EQ(named_arg("child_stack=NULL"), "child_stack");
  EXPECT_EQ(named_arg("flags=CLONE_VM|SIGCHLD"), "flags");
  EXPECT_EQ(named_arg("O_RDONLY"), "");
  EXPECT_EQ(named_arg(R"("a=b")"), "");
  EXPECT_EQ(named_arg("{st_mode=S_IFREG}"), "");
  EXPECT_EQ(named_arg("s == 0"), "");
}

} // namespace
} // namespace sctrace::compare
