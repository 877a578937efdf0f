// Internal to the spec library: PEGTL actions that turn matches of
// grammar/spec_grammar.hpp into Expr trees and TraceSpec fields.
//
// Expressions are built on a stack: leaves push, operator rules pop their
// operands and push the combined node. Actions only sit on rules that are
// never backtracked over after matching, so the stack stays consistent.
// Semantic problems found while matching (arg7, $foo, unknown names, bad
// probe types) throw parse_error at the match position; parser.cpp catches.
// Every node is counted as it is made (count_node), so an expression stops
// at max_expression_nodes before its tree grows further.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grammar/spec_grammar.hpp"
#include "spec/check.h"
#include "spec/expr.h"
#include "spec/trace_spec.h"

namespace sctrace::spec::detail {

struct ParseState {
  int depth = 0; // expression nesting, bounded by grammar::control
  int nodes = 0; // nodes of the current expression; grammar::control resets
  std::vector<Expr> stack;
  std::vector<std::string> ops;
  std::vector<std::string> casts;

  TraceSpec spec;
  SpecLocations locations;
  bool library_form = false; // the header was LIBRARY:FUNCTION
};

template <typename Input> SourcePos pos_of(const Input& in) {
  auto p = in.position();
  return SourcePos{static_cast<int>(p.line), static_cast<int>(p.column)};
}

template <typename Input>
[[noreturn]] void fail(const Input& in, const std::string& message) {
  throw tao::pegtl::parse_error(message, in);
}

// Parses decimal, 0x hex or (C style, leading 0) octal digits; nullopt on
// overflow or a bad octal digit.
std::optional<std::uint64_t> parse_integer(std::string_view text,
                                           bool allow_octal);

// Canonical spelling of a cast type ("unsigned  long" -> "unsigned long",
// "unsigned" -> "unsigned int").
std::string canonical_cast(std::string_view text);

Expr pop(ParseState& state);

// Why an expression over max_expression_nodes is refused, and what to do.
std::string too_long_message();

// Counts one node of the expression being parsed; the node that crosses
// max_expression_nodes is an error at its position.
template <typename Input> void count_node(const Input& in, ParseState& st) {
  if (++st.nodes > max_expression_nodes)
    fail(in, too_long_message());
}

// Counts e and pushes it onto the expression stack.
template <typename Input> void push(const Input& in, ParseState& st, Expr e) {
  count_node(in, st);
  st.stack.push_back(std::move(e));
}

// A node of the given kind positioned at the start of the match.
template <typename Input> Expr node(ExprKind kind, const Input& in) {
  Expr e;
  e.kind = kind;
  e.pos = pos_of(in);
  return e;
}

template <typename Rule> struct action {};

// ---- Expression leaves ------------------------------------------------------

template <> struct action<grammar::string_literal> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    std::string_view raw(in.begin() + 1, in.size() - 2);
    Expr e = node(ExprKind::String, in);
    e.text = decode_string_body(raw).bytes;
    push(in, st, std::move(e));
  }
};

template <> struct action<grammar::int_literal> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    std::string_view text = in.string_view();
    auto value = parse_integer(text, true);
    bool octal =
        text.size() > 1 && text[0] == '0' && text[1] != 'x' && text[1] != 'X';
    if (!value && octal && text.find_first_of("89") != text.npos)
      fail(in, "invalid octal literal '" + in.string() +
                   "'; a leading 0 means octal, as in C");
    if (!value)
      fail(in, "integer literal '" + in.string() + "' does not fit in 64 bits");
    Expr e = node(ExprKind::Int, in);
    e.int_value = *value;
    push(in, st, std::move(e));
  }
};

template <> struct action<grammar::kw_retval> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    Expr e = node(ExprKind::Retval, in);
    push(in, st, std::move(e));
  }
};

template <> struct action<grammar::arg_ref> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    std::string_view text = in.string_view();
    bool user = text.ends_with("@user");
    std::string_view digits = text.substr(3, text.size() - 3 - (user ? 5 : 0));
    if (digits.size() != 1 || digits[0] < '1' || digits[0] > '6')
      fail(in, "unknown argument 'arg" + std::string(digits) +
                   "'; trace.py arguments are arg1..arg6");
    Expr e = node(ExprKind::Arg, in);
    e.arg_index = digits[0] - '0';
    e.user = user;
    push(in, st, std::move(e));
  }
};

template <> struct action<grammar::field_ref> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    std::string_view text = in.string_view();
    Expr e = node(ExprKind::Field, in);
    e.text = std::string(text.substr(text.find("->") + 2));
    e.text.erase(0, e.text.find_first_not_of(" \t"));
    push(in, st, std::move(e));
  }
};

template <> struct action<grammar::dollar_var> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    std::string name = in.string().substr(1);
    if (name != "pid" && name != "tgid" && name != "uid" && name != "gid" &&
        name != "cpu")
      fail(in, "unknown variable '$" + name +
                   "'; valid variables are $pid, $tgid, $uid, $gid and $cpu");
    Expr e = node(ExprKind::Builtin, in);
    e.text = std::move(name);
    push(in, st, std::move(e));
  }
};

template <> struct action<grammar::unknown_name> {
  template <typename Input> static void apply(const Input& in, ParseState&) {
    fail(in, "unknown name '" + in.string() +
                 "'; expected arg1..arg6, argN@user, retval, args->FIELD, "
                 "$pid, $tgid, $uid, $gid, $cpu, STRCMP(\"text\", expr), a "
                 "number, a string or a cast such as (int)");
  }
};

// ---- Expression nodes ---------------------------------------------------

template <> struct action<grammar::strcmp_call> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    Expr operand = pop(st);
    Expr literal = pop(st);
    Expr e = node(ExprKind::Strcmp, in);
    e.children.push_back(std::move(literal));
    e.children.push_back(std::move(operand));
    push(in, st, std::move(e));
  }
};

template <> struct action<grammar::cast_prefix> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    std::string_view text = in.string_view();
    st.casts.push_back(canonical_cast(text.substr(1, text.size() - 2)));
  }
};

template <> struct action<grammar::cast> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    Expr e = node(ExprKind::Cast, in);
    e.text = std::move(st.casts.back());
    st.casts.pop_back();
    e.children.push_back(pop(st));
    push(in, st, std::move(e));
  }
};

template <> struct action<grammar::unary_expr> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    Expr e = node(ExprKind::Unary, in);
    e.text = std::string(1, *in.begin());
    e.children.push_back(pop(st));
    push(in, st, std::move(e));
  }
};

struct push_operator {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    count_node(in, st);
    st.ops.push_back(in.string());
  }
};

struct combine_binary {
  static void apply0(ParseState& st) {
    Expr rhs = pop(st);
    Expr lhs = pop(st);
    Expr e;
    e.kind = ExprKind::Binary;
    e.text = std::move(st.ops.back());
    st.ops.pop_back();
    e.pos = lhs.pos;
    e.children.push_back(std::move(lhs));
    e.children.push_back(std::move(rhs));
    st.stack.push_back(std::move(e)); // counted by push_operator
  }
};

// clang-format off
template <> struct action<grammar::mul_op> : push_operator {};
template <> struct action<grammar::add_op> : push_operator {};
template <> struct action<grammar::shift_op> : push_operator {};
template <> struct action<grammar::rel_op> : push_operator {};
template <> struct action<grammar::eq_op> : push_operator {};
template <> struct action<grammar::bitand_op> : push_operator {};
template <> struct action<grammar::xor_op> : push_operator {};
template <> struct action<grammar::bitor_op> : push_operator {};
template <> struct action<grammar::and_op> : push_operator {};
template <> struct action<grammar::or_op> : push_operator {};
template <> struct action<grammar::mul_tail> : combine_binary {};
template <> struct action<grammar::add_tail> : combine_binary {};
template <> struct action<grammar::shift_tail> : combine_binary {};
template <> struct action<grammar::rel_tail> : combine_binary {};
template <> struct action<grammar::eq_tail> : combine_binary {};
template <> struct action<grammar::bitand_tail> : combine_binary {};
template <> struct action<grammar::xor_tail> : combine_binary {};
template <> struct action<grammar::bitor_tail> : combine_binary {};
template <> struct action<grammar::and_tail> : combine_binary {};
template <> struct action<grammar::or_tail> : combine_binary {};
// clang-format on

} // namespace sctrace::spec::detail
