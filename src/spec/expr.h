// Expression trees for trace.py filters and format arguments.
//
// The parser (spec/parser.h) builds these from text; the generator renders
// them to bpftrace. An Expr never holds raw user text that is pasted into a
// program: identifiers are from closed sets (builtins, cast types, operators)
// or validated field names, and string literals hold decoded bytes that the
// generator re-escapes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace sctrace::spec {

// Most nodes (operands, operators, casts) one expression may have. The
// parser counts them while it builds the tree and rejects the node that
// crosses the limit with its position, so every tree the parser returns
// has at most this many nodes and is at most this deep (docs/limits.md).
inline constexpr int max_expression_nodes = 4096;

enum class ExprKind {
  Int,     // int_value: integer literal (decimal, 0x hex, 0 octal)
  String,  // text: decoded bytes of a "..." literal
  Arg,     // arg_index 1..6; user = true for argN@user
  Retval,  // retval
  Builtin, // text: one of "pid" (thread id, trace.py $pid), "tgid", "uid",
           // "gid", "cpu"
  Field,   // text: tracepoint field name of args->NAME ([A-Za-z_][A-Za-z0-9_]*)
  Unary,   // text: "!", "~" or "-"; children[0]
  Binary,  // text: "+ - * / % & | ^ << >> == != < <= > >= && ||";
           // children[0], children[1]
  Cast,    // text: a C type from a closed set ("int", "unsigned int",
           // "long", "unsigned long", "u8".."u64", "s8".."s64", ...);
           // children[0]
  Strcmp,  // STRCMP("lit", expr): children[0] is the String, children[1]
           // the expression; true when expr starts with lit (trace.py)
};

struct Expr {
  ExprKind kind = ExprKind::Int;
  std::uint64_t int_value = 0;
  std::string text;
  int arg_index = 0;
  bool user = false;
  std::vector<Expr> children;
  SourcePos pos; // where the expression starts in its source text

  Expr() = default;
  Expr(Expr&&) noexcept = default;
  Expr& operator=(Expr&&) noexcept = default;
  // Copies recurse once per level: bounded for parsed trees (see
  // max_expression_nodes), not for deeper trees built by hand.
  Expr(const Expr&) = default;
  Expr& operator=(const Expr&) = default;
  // Frees the tree without recursion: a tree of any depth is torn down on
  // a bounded stack.
  ~Expr();
};

namespace detail {
struct ExpressionFactory;
} // namespace detail

// One filter or argument expression of a TraceSpec: its text, as written
// (what JSON, layouts and messages show), and its tree, parsed once from
// that text by parse() or by the spec parser. Nothing else can make one,
// so every Expression's tree is one the parser built (bounded by
// max_expression_nodes) and matches its text. Immutable; copies share the
// tree. A default Expression is "none" (an empty filter).
class Expression {
public:
  Expression() = default;
  // Parses TEXT (spec/parser.h parse_expression); errors carry positions
  // relative to TEXT.
  static Result<Expression> parse(std::string_view text);

  bool empty() const { return tree_ == nullptr; }
  const std::string& text() const { return text_; }
  // The tree; call only when !empty().
  const Expr& tree() const { return *tree_; }
  bool operator==(const Expression& other) const {
    return text_ == other.text_;
  }

private:
  friend struct detail::ExpressionFactory;
  Expression(std::string text, Expr tree);

  std::string text_;
  std::shared_ptr<const Expr> tree_;
};

// Calls visit(node) for e and every node below it in the order of a
// recursive pre-order walk (a parent before its children, children left
// to right), with an explicit stack instead of recursion. visit returns
// false to stop; for_each_node returns false when it was stopped.
template <typename Visit> bool for_each_node(const Expr& e, Visit&& visit) {
  std::vector<const Expr*> pending{&e};
  while (!pending.empty()) {
    const Expr* node = pending.back();
    pending.pop_back();
    if (!visit(*node))
      return false;
    for (auto it = node->children.rbegin(); it != node->children.rend(); ++it)
      pending.push_back(&*it);
  }
  return true;
}

} // namespace sctrace::spec
