// Issue 12: expressions of any length, through every way a spec is made
// (spec text, TraceSpecBuilder, JSON), get a clear error or work, with
// bounded stack use. Each oversized case here crashed (stack overflow)
// before expressions had a node limit.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "spec/builder.h"
#include "spec/json.h"
#include "spec/parser.h"

namespace sctrace::spec {
namespace {

// "arg1 OP arg1 OP ... arg1" with `operators` operators.
std::string chain(int operators, const std::string& op = "+") {
  std::string out = "arg1";
  for (int i = 0; i < operators; ++i)
    out += op + "arg1";
  return out;
}

// The issue's spec: about 11,000 chained '+' (55 KB).
std::string issue_spec() {
  return "sys_read (" + chain(10999) + " > 0)";
}

bool mentions_the_limit(const std::string& message) {
  return message.find("expression is too long") != std::string::npos &&
         message.find(std::to_string(max_expression_nodes)) !=
             std::string::npos;
}

TEST(SpecLimits,
     eleven_thousand_chained_operators_get_a_clear_error_not_a_crash) {
  auto parsed = parse_probe(issue_spec());
  ASSERT_FALSE(parsed.ok());
  const Error& e = parsed.error();
  EXPECT_TRUE(mentions_the_limit(e.message)) << e.message;
  ASSERT_TRUE(e.pos.has_value());
  EXPECT_EQ(e.pos->line, 1);
  // The node that crosses the limit: operand number limit/2 + 1 sits after
  // "sys_read (" and limit/2 repetitions of "arg1+".
  int crossing = 10 + (max_expression_nodes / 2) * 5 + 1;
  EXPECT_EQ(e.pos->column, crossing);
  std::string d = render_diagnostic(e, issue_spec());
  EXPECT_NE(d.find("spec:1:" + std::to_string(crossing) + ": error: "),
            std::string::npos)
      << d.substr(0, 300);
}

TEST(SpecLimits, error_says_what_happened_why_and_what_to_do) {
  auto parsed = parse_expression(chain(20000, " || "));
  ASSERT_FALSE(parsed.ok());
  const std::string& m = parsed.error().message;
  EXPECT_NE(m.find("expression is too long"), std::string::npos) << m;
  EXPECT_NE(m.find("stack"), std::string::npos) << m;
  EXPECT_NE(m.find("docs/limits.md"), std::string::npos) << m;
}

TEST(SpecLimits, expression_at_the_node_limit_is_accepted) {
  // limit/2 - 1 operators and limit/2 operands: one node below the limit.
  auto fits = parse_expression(chain(max_expression_nodes / 2 - 1));
  EXPECT_TRUE(fits.ok()) << fits.error().message;
  auto over = parse_expression(chain(max_expression_nodes / 2));
  EXPECT_FALSE(over.ok());
}

TEST(SpecLimits, every_operator_level_is_bounded) {
  for (const char* op :
       {"*", "+", "<<", "<", "==", "&", "^", "|", "&&", "||"}) {
    auto parsed = parse_expression(chain(11000, op));
    ASSERT_FALSE(parsed.ok()) << op;
    EXPECT_TRUE(mentions_the_limit(parsed.error().message)) << op;
  }
}

TEST(SpecLimits, the_limit_counts_each_expression_of_a_spec_separately) {
  std::string half = chain(max_expression_nodes / 2 - 1);
  auto parsed =
      parse_probe("sys_read (" + half + ") \"%d %d\", " + half + ", " + half);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
}

TEST(SpecLimits, long_format_argument_gets_a_clear_error_not_a_crash) {
  auto parsed = parse_probe("sys_read \"%d\", " + chain(11000, "-"));
  ASSERT_FALSE(parsed.ok());
  EXPECT_TRUE(mentions_the_limit(parsed.error().message));
  EXPECT_TRUE(parsed.error().pos.has_value());
}

TEST(SpecLimits, builder_with_eleven_thousand_operators_gets_a_clear_error) {
  auto filter = TraceSpecBuilder().Kprobe("sys_read").Filter(chain(11000));
  auto built = filter.Build();
  ASSERT_FALSE(built.ok());
  EXPECT_TRUE(mentions_the_limit(built.error().message));
  auto format =
      TraceSpecBuilder().Kprobe("sys_read").Format("%d", {chain(11000, "*")});
  ASSERT_FALSE(format.Build().ok());
  EXPECT_TRUE(mentions_the_limit(format.Build().error().message));
}

TEST(SpecLimits, json_specs_with_eleven_thousand_operators_get_an_error) {
  nlohmann::json spec = {
      {"probe_type", "p"}, {"target", "sys_read"}, {"filter", chain(11000)}};
  auto from_spec = plan_from_json(spec);
  ASSERT_FALSE(from_spec.ok());
  EXPECT_TRUE(mentions_the_limit(from_spec.error().message));

  nlohmann::json program = {{"name", "long"},
                            {"type", "kprobe"},
                            {"target", "sys_read"},
                            {"duration", 5},
                            {"filter", chain(11000, "&&")}};
  auto from_program = plan_from_ebpf_program(program);
  ASSERT_FALSE(from_program.ok());
  EXPECT_TRUE(mentions_the_limit(from_program.error().message));
}

TEST(SpecLimits, deeply_nested_json_request_is_rejected_without_a_crash) {
  // nlohmann's parser and destructor are iterative (its copy is not, so
  // the value is moved); the readers never descend into a value they do
  // not expect.
  const int depth = 200000;
  std::string text = R"({"ebpf_programs": )" + std::string(depth, '[') +
                     std::string(depth, ']') + "}";
  auto json = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(json.is_discarded());
  auto program = plan_from_ebpf_program(json["ebpf_programs"]);
  EXPECT_FALSE(program.ok());
  nlohmann::json in_filter = {{"probe_type", "p"}, {"target", "sys_read"}};
  in_filter["filter"] = std::move(json["ebpf_programs"]);
  auto spec = plan_from_json(in_filter);
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().message, "key 'filter' must be a string");
}

// arg1 + arg1 + ... with `operators` operators, built in code, not parsed:
// far deeper than the parser allows.
Expr hand_built_chain(int operators) {
  Expr tree;
  tree.kind = ExprKind::Arg;
  tree.arg_index = 1;
  for (int i = 0; i < operators; ++i) {
    Expr sum;
    sum.kind = ExprKind::Binary;
    sum.text = "+";
    sum.children.push_back(std::move(tree));
    Expr leaf;
    leaf.kind = ExprKind::Arg;
    leaf.arg_index = 1;
    sum.children.push_back(std::move(leaf));
    tree = std::move(sum);
  }
  return tree;
}

TEST(SpecLimits, hand_built_million_node_chain_is_freed_without_recursion) {
  Expr tree = hand_built_chain(1000000);
  EXPECT_EQ(tree.children.size(), 2u);
  // Leaving the scope frees it; a recursive destructor overflowed here.
}

TEST(SpecLimits, for_each_node_walks_a_million_node_chain_in_pre_order) {
  Expr tree = hand_built_chain(1000000);
  std::size_t nodes = 0, binaries_first = 0;
  bool in_spine = true;
  for_each_node(tree, [&](const Expr& node) {
    ++nodes;
    if (node.kind != ExprKind::Binary)
      in_spine = false;
    else if (in_spine)
      ++binaries_first;
    return true;
  });
  EXPECT_EQ(nodes, 2000001u);
  EXPECT_EQ(binaries_first, 1000000u); // the whole left spine comes first
}

} // namespace
} // namespace sctrace::spec
