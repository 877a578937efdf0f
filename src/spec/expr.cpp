// Expr's destructor and Expression (spec/expr.h).
#include "spec/expr.h"

#include <utility>

#include "spec/check.h"
#include "spec/parser.h"

namespace sctrace::spec {

// Moves every descendant into one vector and frees the nodes one at a time
// once their own children are moved out, so no destructor call nests
// inside another beyond one level.
Expr::~Expr() {
  if (children.empty())
    return;
  std::vector<Expr> pending = std::move(children);
  while (!pending.empty()) {
    Expr node = std::move(pending.back());
    pending.pop_back();
    for (Expr& child : node.children)
      pending.push_back(std::move(child));
    node.children.clear();
  }
}

Expression::Expression(std::string text, Expr tree)
    : text_(std::move(text)),
      tree_(std::make_shared<const Expr>(std::move(tree))) {}

Result<Expression> Expression::parse(std::string_view text) {
  SCTRACE_TRY_ASSIGN(tree, parse_expression(text));
  return detail::ExpressionFactory::make(std::string(text), std::move(tree));
}

namespace detail {

Expression ExpressionFactory::make(std::string text, Expr tree) {
  return Expression(std::move(text), std::move(tree));
}

} // namespace detail
} // namespace sctrace::spec
