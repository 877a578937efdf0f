// Issue 12: the generator's walks over expression trees use a bounded
// stack. The longest expression the parser accepts is generated on a
// thread with a small stack; a longer one reaches generate() only as text
// (a TraceSpec built by hand) and gets the parser's error.
#include <pthread.h>

#include <functional>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gen/expr_render.h"
#include "gen/generator.h"
#include "spec/parser.h"

namespace sctrace::gen {
namespace {

using ::testing::HasSubstr;

const TracefsCatalog& catalog() {
  static TracefsCatalog c(std::string(SCTRACE_TEST_DATA) + "/tracefs");
  return c;
}

std::string chain(int operators, const std::string& op) {
  std::string out = "arg3";
  for (int i = 0; i < operators; ++i)
    out += " " + op + " arg3";
  return out;
}

// Runs work on a thread whose stack is `bytes` long; a stack overflow
// crashes the test binary.
void on_small_stack(std::size_t bytes, std::function<void()> work) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, bytes);
  pthread_t thread;
  auto body = [](void* arg) -> void* {
    (*static_cast<std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, body, &work), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

// AddressSanitizer's frames (redzones) are several times larger: the
// sanitizer build (scripts/sanitize) checks the same walks on 8x stacks.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kSmallStack = 8 * 256 * 1024;
#else
constexpr std::size_t kSmallStack = 256 * 1024;
#endif

TEST(GenLimits, longest_accepted_chains_generate_on_a_256_KiB_stack) {
  int operators = spec::max_expression_nodes / 2 - 1;
  for (const char* op : {"+", "*", "==", "&&", "||"}) {
    on_small_stack(kSmallStack, [&] {
      auto spec = spec::parse_probe("r::sys_read (" + chain(operators, op) +
                                    ") \"%d\", " + chain(operators - 1, op) +
                                    " + retval");
      ASSERT_TRUE(spec.ok()) << spec.error().message;
      auto program = generate({*spec}, catalog(), {});
      ASSERT_TRUE(program.ok()) << program.error().message;
      EXPECT_THAT(program->text, HasSubstr("$sctrace_a"));
    });
  }
}

TEST(GenLimits, eleven_thousand_operators_in_a_hand_made_spec_get_an_error) {
  // Not through parse_probe, the builder or JSON: a spec made by hand can
  // only hold an Expression that Expression::parse made, and it refuses
  // the text the same way (on a small stack).
  on_small_stack(kSmallStack, [&] {
    auto filter = spec::Expression::parse(chain(11000, "+") + " > 0");
    ASSERT_FALSE(filter.ok());
    EXPECT_THAT(filter.error().message, HasSubstr("expression is too long"));
  });
  auto argument = spec::Expression::parse(chain(11000, "|"));
  ASSERT_FALSE(argument.ok());
  EXPECT_THAT(argument.error().message, HasSubstr("expression is too long"));
}

TEST(GenLimits, a_hand_made_spec_without_an_argument_tree_gets_an_error) {
  spec::TraceSpec spec;
  spec.target = "sys_read";
  spec.format = "%d";
  spec.arguments.resize(1); // an empty Expression: nothing to print
  auto program = generate({spec}, catalog(), {});
  ASSERT_FALSE(program.ok());
  EXPECT_THAT(program.error().message, HasSubstr("argument 1 is empty"));
}

TEST(GenLimits, deepest_accepted_nesting_generates_on_a_256_KiB_stack) {
  // 60 levels of parentheses, each holding a long chain.
  std::string e = "arg3";
  for (int i = 0; i < 60; ++i)
    e = "(" + e + " + " + chain(30, "*") + ")";
  on_small_stack(kSmallStack, [&] {
    auto spec = spec::parse_probe("sys_read (" + e + ")");
    ASSERT_TRUE(spec.ok()) << spec.error().message;
    auto program = generate({*spec}, catalog(), {});
    ASSERT_TRUE(program.ok()) << program.error().message;
  });
}

TEST(GenLimits, deepest_right_nesting_generates_on_a_1_MiB_stack) {
  // Every precedence level as the right operand of the one before, inside
  // parentheses, 60 levels deep: the most the generator recurses (about
  // 600 levels of render_int), so it gets more than the 256 KiB above.
  std::string e = "arg3";
  for (int i = 0; i < 60; ++i)
    e = "arg1 || arg2 && arg3 | 1 ^ 2 & 3 == 4 < 5 << 6 + 7 * (" + e + ")";
  on_small_stack(4 * kSmallStack, [&] {
    auto spec = spec::parse_probe("sys_read (" + e + ")");
    ASSERT_TRUE(spec.ok()) << spec.error().message;
    auto program = generate({*spec}, catalog(), {});
    ASSERT_TRUE(program.ok()) << program.error().message;
  });
}

TEST(GenLimits, walks_over_a_hand_built_200000_operator_chain_fit_the_stack) {
  // Deeper than the parser allows: the walks themselves are bounded.
  on_small_stack(kSmallStack, [] {
    spec::Expr tree;
    tree.kind = spec::ExprKind::Retval;
    for (int i = 0; i < 200000; ++i) {
      spec::Expr sum;
      sum.kind = spec::ExprKind::Binary;
      sum.text = "+";
      sum.children.push_back(std::move(tree));
      spec::Expr leaf;
      leaf.kind = spec::ExprKind::Arg;
      leaf.arg_index = 1 + i % 3;
      sum.children.push_back(std::move(leaf));
      tree = std::move(sum);
    }
    EXPECT_TRUE(uses_arguments(tree));
    EXPECT_TRUE(uses_retval(tree));
    std::vector<int> args;
    std::vector<std::string> fields;
    collect_arguments(tree, args, fields);
    EXPECT_EQ(args, (std::vector<int>{1, 2, 3}));
    RenderContext ctx;
    ctx.probe_name = "sys_read";
    for (const char* expr : {"a1", "a2", "a3"}) {
      ctx.args.emplace_back();
      ctx.args.back().expr = expr;
    }
    ctx.retval = "retval";
    auto text = render_int(tree, ctx);
    ASSERT_TRUE(text.ok()) << text.error().message;
    EXPECT_EQ(text->substr(200000, 18), "retval + a1) + a2)");
  });
}

} // namespace
} // namespace sctrace::gen
