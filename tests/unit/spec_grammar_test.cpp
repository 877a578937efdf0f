// Grammar sanity and the accept/reject fixture tables in tests/data/grammar.
#include <string>
#include <tao/pegtl/contrib/analyze.hpp>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "grammar/spec_errors.hpp"
#include "grammar/spec_grammar.hpp"
#include "spec/json.h"
#include "spec/parser.h"
#include "spec_fixtures.h"

namespace sctrace::spec {
namespace {

using fixtures::FixtureCase;
using fixtures::load_grammar_cases;

// Builds the expected TraceSpec field by field (independently of
// plan_from_json, which has its own tests).
TraceSpec expected_spec(const nlohmann::json& j) {
  TraceSpec spec;
  std::string type = j.at("probe_type");
  spec.probe_type = type == "r"   ? ProbeType::Return
                    : type == "t" ? ProbeType::Tracepoint
                    : type == "u" ? ProbeType::Usdt
                                  : ProbeType::Entry;
  spec.library = j.value("library", "");
  spec.target = j.value("target", "");
  spec.offset = j.value("offset", std::uint64_t{0});
  std::string filter = j.value("filter", "");
  if (!filter.empty())
    spec.filter = Expression::parse(filter).value();
  spec.format = j.value("format", "");
  for (const std::string& a : j.value("arguments", std::vector<std::string>{}))
    spec.arguments.push_back(Expression::parse(a).value());
  return spec;
}

TEST(SpecGrammar, analyze_finds_no_cycles) {
  EXPECT_EQ(tao::pegtl::analyze<grammar::probe>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<grammar::expression_input>(), 0u);
}

TEST(SpecGrammar, accepts_every_fixture) {
  auto cases = load_grammar_cases("accept.txt");
  EXPECT_GE(cases.size(), 40u);
  for (const FixtureCase& c : cases) {
    SCOPED_TRACE("accept.txt:" + std::to_string(c.line) + ": " + c.spec);
    auto parsed = parse_probe(c.spec);
    ASSERT_TRUE(parsed.ok()) << render_diagnostic(parsed.error(), c.spec);
    EXPECT_EQ(spec_to_json(*parsed),
              spec_to_json(expected_spec(nlohmann::json::parse(c.expected))));
    EXPECT_EQ(*parsed, expected_spec(nlohmann::json::parse(c.expected)));
    // What parse_probe accepts, validate accepts too.
    EXPECT_TRUE(validate(*parsed).ok());
  }
}

TEST(SpecGrammar, rejects_every_fixture_with_exact_message) {
  auto cases = load_grammar_cases("reject.txt");
  EXPECT_GE(cases.size(), 60u);
  for (const FixtureCase& c : cases) {
    SCOPED_TRACE("reject.txt:" + std::to_string(c.line) + ": " + c.spec);
    auto parsed = parse_probe(c.spec);
    ASSERT_FALSE(parsed.ok());
    const Error& error = parsed.error();
    ASSERT_TRUE(error.pos.has_value()) << error.message;
    EXPECT_EQ(std::to_string(error.pos->line) + ":" +
                  std::to_string(error.pos->column) + ": " + error.message,
              c.expected);
  }
}

} // namespace
} // namespace sctrace::spec
