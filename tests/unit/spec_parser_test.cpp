// parse_probe / parse_expression details not covered by the fixture tables:
// expression trees, positions, diagnostics rendering and hostile input.
#include <string>

#include <gtest/gtest.h>

#include "spec/parser.h"

namespace sctrace::spec {
namespace {

std::string located(const Error& error) {
  if (!error.pos)
    return error.message;
  return std::to_string(error.pos->line) + ":" +
         std::to_string(error.pos->column) + ": " + error.message;
}

std::string probe_error(std::string_view text) {
  auto parsed = parse_probe(text);
  return parsed.ok() ? "ok" : located(parsed.error());
}

std::string expr_error(std::string_view text) {
  auto parsed = parse_expression(text);
  return parsed.ok() ? "ok" : located(parsed.error());
}

// Prints an expression tree as an S-expression for compact assertions.
std::string sexpr(const Expr& e) {
  auto kids = [&] {
    std::string out;
    for (const Expr& c : e.children)
      out += " " + sexpr(c);
    return out;
  };
  switch (e.kind) {
  case ExprKind::Int:
    return std::to_string(e.int_value);
  case ExprKind::String:
    return "\"" + e.text + "\"";
  case ExprKind::Arg:
    return "arg" + std::to_string(e.arg_index) + (e.user ? "@user" : "");
  case ExprKind::Retval:
    return "retval";
  case ExprKind::Builtin:
    return "$" + e.text;
  case ExprKind::Field:
    return "args->" + e.text;
  case ExprKind::Unary:
  case ExprKind::Binary:
    return "(" + e.text + kids() + ")";
  case ExprKind::Cast:
    return "(cast<" + e.text + ">" + kids() + ")";
  case ExprKind::Strcmp:
    return "(STRCMP" + kids() + ")";
  }
  return "?";
}

std::string tree(std::string_view text) {
  auto parsed = parse_expression(text);
  return parsed.ok() ? sexpr(*parsed) : "error: " + located(parsed.error());
}

TEST(SpecParser, rejects_unterminated_format) {
  EXPECT_EQ(probe_error("sys_read \"read %d, arg3"),
            "1:24: unterminated format string; expected a closing '\"'");
}

TEST(SpecParser, renders_diagnostic_with_caret_under_column) {
  Error error{ErrorKind::Syntax, "expected ')' to close the filter",
              SourcePos{1, 17}};
  EXPECT_EQ(render_diagnostic(error, "sys_read (arg3 > 1024 \"read %d\", arg3"),
            "spec:1:17: error: expected ')' to close the filter\n"
            "  sys_read (arg3 > 1024 \"read %d\", arg3\n"
            "                  ^");
}

TEST(SpecParser, renders_parse_error_with_source_name) {
  std::string text = "sys_read (arg3 > 1024 \"read %d\", arg3";
  auto parsed = parse_probe(text, "my.spec");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(render_diagnostic(parsed.error(), text, "my.spec"),
            "my.spec:1:23: error: expected ')' to close the filter\n"
            "  sys_read (arg3 > 1024 \"read %d\", arg3\n"
            "                        ^");
}

TEST(SpecParser, renders_diagnostic_keeping_tabs_and_without_position) {
  Error tabbed{ErrorKind::Syntax, "bad", SourcePos{1, 4}};
  EXPECT_EQ(render_diagnostic(tabbed, "\tab!"), "spec:1:4: error: bad\n"
                                                "  \tab!\n"
                                                "  \t  ^");
  Error second_line{ErrorKind::Syntax, "bad", SourcePos{2, 2}};
  EXPECT_EQ(render_diagnostic(second_line, "one\ntwo", "f"),
            "f:2:2: error: bad\n  two\n   ^");
  Error plain = make_error(ErrorKind::Invalid, "pid must be a positive number");
  EXPECT_EQ(render_diagnostic(plain, "whatever"),
            "spec: error: pid must be a positive number");
}

TEST(SpecParser, rejects_empty_and_blank_specs) {
  std::string message = "empty probe spec; expected [p|r|t|u]:[library]:"
                        "function [(filter)] [\"format\"[, arguments]]";
  EXPECT_EQ(probe_error(""), "1:1: " + message);
  EXPECT_EQ(probe_error("   "), "1:1: " + message);
}

TEST(SpecParser, rejects_control_bytes_and_nul_with_position) {
  EXPECT_EQ(probe_error("sys_read\n"),
            "1:9: unexpected control character 0x0a; write \\n or \\t "
            "inside strings instead");
  EXPECT_EQ(probe_error(std::string("sys_read \"a\0b\"", 14)),
            "1:12: unexpected control character 0x00; write \\n or \\t "
            "inside strings instead");
  EXPECT_EQ(expr_error("arg1 \x7f"),
            "1:6: unexpected control character 0x7f; write \\n or \\t "
            "inside strings instead");
}

TEST(SpecParser, bounds_expression_nesting) {
  std::string deep = "sys_read (" + std::string(200, '(') + "arg1" +
                     std::string(200, ')') + ")";
  EXPECT_EQ(probe_error(deep),
            "1:75: expression is nested too deeply (more than 64 levels)");
  std::string bangs = std::string(500, '!') + "arg1";
  EXPECT_NE(expr_error(bangs).find("nested too deeply"), std::string::npos);
  std::string fine = std::string(30, '(') + "arg1" + std::string(30, ')');
  EXPECT_EQ(expr_error(fine), "ok");
}

TEST(SpecParser, follows_c_precedence) {
  EXPECT_EQ(tree("arg1 + 2 * 3 == 7"), "(== (+ arg1 (* 2 3)) 7)");
  EXPECT_EQ(tree("a1 || 1"), "error: 1:1: unknown name 'a1'; expected "
                             "arg1..arg6, argN@user, retval, args->FIELD, "
                             "$pid, $tgid, $uid, $gid, $cpu, "
                             "STRCMP(\"text\", expr), a number, a string or "
                             "a cast such as (int)");
  EXPECT_EQ(tree("1 || 2 && 3 | 4 ^ 5 & 6 == 7 < 8 << 9 + 10 * 11"),
            "(|| 1 (&& 2 (| 3 (^ 4 (& 5 (== 6 (< 7 (<< 8 (+ 9 (* 10 "
            "11))))))))))");
  EXPECT_EQ(tree("1 - 2 - 3"), "(- (- 1 2) 3)");
  EXPECT_EQ(tree("(1 - 2) * 3"), "(* (- 1 2) 3)");
  EXPECT_EQ(tree("arg1 <= 2 >= 3 != 4 >> 1 % 2 / 3"),
            "(!= (>= (<= arg1 2) 3) (>> 4 (/ (% 1 2) 3)))");
  EXPECT_EQ(tree("!arg1 && ~arg2 & -arg3"),
            "(&& (! arg1) (& (~ arg2) (- arg3)))");
}

TEST(SpecParser, builds_leaves_and_casts) {
  EXPECT_EQ(tree("0x1F + 010 + 18446744073709551615"),
            "(+ (+ 31 8) 18446744073709551615)");
  EXPECT_EQ(tree("arg6@user"), "arg6@user");
  EXPECT_EQ(tree("$pid + $tgid + $uid + $gid + $cpu"),
            "(+ (+ (+ (+ $pid $tgid) $uid) $gid) $cpu)");
  EXPECT_EQ(tree("args -> filename"), "args->filename");
  EXPECT_EQ(tree("STRCMP(\"a\\\"b\\n\", arg2@user)"),
            "(STRCMP \"a\"b\n\" arg2@user)");
  EXPECT_EQ(tree("(unsigned)retval"), "(cast<unsigned int> retval)");
  EXPECT_EQ(tree("(unsigned   long\tlong) (int)-arg1"),
            "(cast<unsigned long long> (cast<int> (- arg1)))");
  EXPECT_EQ(tree("(u8)arg1 + (s64)arg2 + (uint32_t)arg3 + (int8_t)arg4"),
            "(+ (+ (+ (cast<u8> arg1) (cast<s64> arg2)) (cast<uint32_t> "
            "arg3)) (cast<int8_t> arg4))");
  EXPECT_EQ(tree("(long long)arg1 + (unsigned short)arg2 + (char)arg3"),
            "(+ (+ (cast<long long> arg1) (cast<unsigned short> arg2)) "
            "(cast<char> arg3))");
  EXPECT_EQ(tree("(arg1)"), "arg1");
}

TEST(SpecParser, positions_expression_nodes) {
  auto parsed = parse_expression("  arg1 +\t(int)retval");
  ASSERT_TRUE(parsed.ok());
  const Expr& sum = *parsed;
  EXPECT_EQ(sum.pos, (SourcePos{1, 3}));
  EXPECT_EQ(sum.children[0].pos, (SourcePos{1, 3}));
  EXPECT_EQ(sum.children[1].pos, (SourcePos{1, 10}));
  EXPECT_EQ(sum.children[1].children[0].pos, (SourcePos{1, 15}));
}

TEST(SpecParser, reports_expression_errors) {
  EXPECT_EQ(expr_error(""), "1:1: expected an expression");
  EXPECT_EQ(expr_error("arg1 arg2"), "1:6: unexpected text after the "
                                     "expression; expected an operator or "
                                     "the end");
  EXPECT_EQ(expr_error("arg7"),
            "1:1: unknown argument 'arg7'; trace.py arguments are arg1..arg6");
  EXPECT_EQ(expr_error("retval -> x"),
            "1:8: unexpected text after the expression; expected an "
            "operator or the end");
  EXPECT_EQ(expr_error("\"a\\x\""), "1:4: unsupported escape sequence; only "
                                    "\\n, \\t, \\\\ and \\\" are allowed");
}

TEST(SpecParser, keeps_argument_text_with_commas_inside_parentheses) {
  auto parsed =
      parse_probe("sys_write \"%d %s\", STRCMP(\"a, b\", arg2), \"x, y\"");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->arguments.size(), 2u);
  EXPECT_EQ(parsed->arguments[0].text(), "STRCMP(\"a, b\", arg2)");
  EXPECT_EQ(parsed->arguments[1].text(), "\"x, y\"");
}

TEST(SpecParser, decodes_format_escapes) {
  auto parsed = parse_probe(R"(sys_write "a\tb\n\\\"")");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->format, "a\tb\n\\\"");
}

TEST(SpecParser, positions_format_errors_past_escapes) {
  // The second specifier sits after two escapes; the column is the one in
  // the spec, not in the decoded format.
  EXPECT_EQ(probe_error(R"(sys_write "\t\t%d %d", arg1)"),
            "1:19: format has 2 specifiers but 1 argument was given");
}

} // namespace
} // namespace sctrace::spec
