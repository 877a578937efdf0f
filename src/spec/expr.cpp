// Expr's destructor (spec/expr.h).
#include "spec/expr.h"

#include <utility>

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

} // namespace sctrace::spec
