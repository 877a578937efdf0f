// Error messages for grammar/spec_grammar.hpp and the PEGTL control that
// raises them.
//
// Every rule with a message here raises a parse_error at the position where
// it failed (must_if). Messages say what was expected. The control also
// bounds expression nesting so that hostile input cannot exhaust the stack,
// and starts a new node count (spec/parse_actions.h) for every top-level
// expression: the parse state must have `int depth` and `int nodes`
// members. Binary operator chains are star<> loops, not recursion, so only
// nesting makes the parser recurse.
#pragma once

#include <tao/pegtl.hpp>

#include "grammar/spec_grammar.hpp"

namespace sctrace::spec::grammar {

// Deepest nesting of unary/parenthesised/cast expressions accepted.
inline constexpr int max_expression_depth = 64;

template <typename> inline constexpr const char* error_message = nullptr;

// clang-format off
template<> inline constexpr auto error_message< escape_char > = "unsupported escape sequence; only \\n, \\t, \\\\ and \\\" are allowed";
template<> inline constexpr auto error_message< string_close > = "unterminated string literal; expected a closing '\"'";
template<> inline constexpr auto error_message< hex_digits > = "expected hexadecimal digits after '0x'";
template<> inline constexpr auto error_message< int_end > = "invalid integer literal; expected decimal digits, or hexadecimal digits after 0x";
template<> inline constexpr auto error_message< field_name > = "expected a tracepoint field name after 'args->'";
template<> inline constexpr auto error_message< dollar_name > = "expected a variable name after '$' ($pid, $tgid, $uid, $gid or $cpu)";
template<> inline constexpr auto error_message< strcmp_open > = "expected '(' after STRCMP";
template<> inline constexpr auto error_message< strcmp_literal > = "expected a string literal as the first argument of STRCMP";
template<> inline constexpr auto error_message< strcmp_comma > = "expected ',' after the string literal of STRCMP";
template<> inline constexpr auto error_message< strcmp_operand > = "expected an expression as the second argument of STRCMP";
template<> inline constexpr auto error_message< strcmp_close > = "expected ')' to close STRCMP";
template<> inline constexpr auto error_message< paren_inner > = "expected an expression after '('";
template<> inline constexpr auto error_message< paren_close > = "expected ')' to close the parenthesis";
template<> inline constexpr auto error_message< cast_operand > = "expected an expression after the cast";
template<> inline constexpr auto error_message< unary_operand > = "expected an expression after the unary operator";
template<> inline constexpr auto error_message< mul_rhs > = "expected an expression after '*', '/' or '%'";
template<> inline constexpr auto error_message< add_rhs > = "expected an expression after '+' or '-'";
template<> inline constexpr auto error_message< shift_rhs > = "expected an expression after '<<' or '>>'";
template<> inline constexpr auto error_message< rel_rhs > = "expected an expression after '<', '<=', '>' or '>='";
template<> inline constexpr auto error_message< eq_rhs > = "expected an expression after '==' or '!='";
template<> inline constexpr auto error_message< bitand_rhs > = "expected an expression after '&'";
template<> inline constexpr auto error_message< xor_rhs > = "expected an expression after '^'";
template<> inline constexpr auto error_message< bitor_rhs > = "expected an expression after '|'";
template<> inline constexpr auto error_message< and_rhs > = "expected an expression after '&&'";
template<> inline constexpr auto error_message< or_rhs > = "expected an expression after '||'";
template<> inline constexpr auto error_message< expr_root > = "expected an expression";
template<> inline constexpr auto error_message< expr_end > = "unexpected text after the expression; expected an operator or the end";
template<> inline constexpr auto error_message< target_name > = "expected a function or event name (a letter or '_', then letters, digits, '_' or '.')";
template<> inline constexpr auto error_message< offset_value > = "expected a decimal or 0x hexadecimal offset after '+'";
template<> inline constexpr auto error_message< no_signature > = "function signatures are not supported; refer to arguments as arg1..arg6";
template<> inline constexpr auto error_message< format_first > = "this spec starts with a format string, not a probe; a format belongs inside the same quotes as its probe: sctrace 'r:bash:readline \"%s\", retval', not sctrace 'r:bash:readline' '\"%s\", retval'";
template<> inline constexpr auto error_message< filter_first > = "this spec starts with a filter, not a probe; a filter belongs inside the same quotes as its probe: sctrace 'sys_read (arg3 > 1024) \"%d\", arg3'";
template<> inline constexpr auto error_message< header_end > = "invalid character in the probe name; expected letters, digits, '_', '.' or whitespace";
template<> inline constexpr auto error_message< filter_body > = "expected a filter expression after '('";
template<> inline constexpr auto error_message< filter_close > = "expected ')' to close the filter";
template<> inline constexpr auto error_message< format_close > = "unterminated format string; expected a closing '\"'";
template<> inline constexpr auto error_message< argument > = "expected an argument expression after ','";
template<> inline constexpr auto error_message< action_end > = "expected ',' and another argument, or the end of the spec";
template<> inline constexpr auto error_message< action_after_filter > = "expected a format string in double quotes after the filter";
template<> inline constexpr auto error_message< action_or_filter > = "expected a filter in parentheses or a format string in double quotes after the probe";
// clang-format on

struct errors {
  template <typename Rule>
  static constexpr const char* message = error_message<Rule>;
};

template <typename Rule>
using error_control = tao::pegtl::must_if<errors>::control<Rule>;

// error_control plus a depth bound on `unary`, the rule every nested
// expression passes through.
template <typename Rule> struct control : error_control<Rule> {
  template <typename ParseInput, typename State>
  static void start(const ParseInput& in, State& state) {
    if constexpr (std::is_same_v<Rule, filter_body> ||
                  std::is_same_v<Rule, argument> ||
                  std::is_same_v<Rule, expr_root>) {
      state.nodes = 0;
    }
    if constexpr (std::is_same_v<Rule, unary>) {
      if (++state.depth > max_expression_depth) {
        throw tao::pegtl::parse_error(
            "expression is nested too deeply (more than 64 levels)", in);
      }
    }
  }
  template <typename ParseInput, typename State>
  static void success(const ParseInput&, State& state) {
    if constexpr (std::is_same_v<Rule, unary>) {
      --state.depth;
    }
  }
  template <typename ParseInput, typename State>
  static void failure(const ParseInput& in, State& state) {
    if constexpr (std::is_same_v<Rule, unary>) {
      --state.depth;
    }
    error_control<Rule>::failure(in, state);
  }
};

} // namespace sctrace::spec::grammar
