// Templates are compiled in: every template the generators name must be
// built in, and rendering a name that is not aborts (gen/render.h).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "gen/render.h"
#include "gen/templates.h"

namespace sctrace::gen {
namespace {

// The template names src/gen passes to render(), render_template() and
// template_text(): every string literal in the call's first argument.
std::set<std::string> template_names_in_sources() {
  namespace fs = std::filesystem;
  const std::regex call(
      R"(\b(?:render|render_template|template_text)\(\s*([^,;{]*))");
  const std::regex literal(R"re("([^"\\]*)")re");
  std::set<std::string> names;
  for (const auto& entry :
       fs::directory_iterator(fs::path(SCTRACE_SOURCE_DIR) / "gen")) {
    if (entry.path().extension() != ".cpp")
      continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (std::sregex_iterator c(source.begin(), source.end(), call), end;
         c != end; ++c) {
      const std::string arg = (*c)[1].str();
      for (std::sregex_iterator l(arg.begin(), arg.end(), literal); l != end;
           ++l)
        names.insert((*l)[1].str());
    }
  }
  return names;
}

TEST(Templates, every_template_the_generators_name_is_built_in) {
  for (const char* name :
       {"count", "emit", "follow", "latency", "marker", "probe_entry",
        "probe_return", "program", "snapshot", "syscalls"})
    EXPECT_TRUE(builtin_template(name).has_value()) << name;
}

TEST(Templates, every_template_name_in_src_gen_is_built_in) {
  const auto names = template_names_in_sources();
  // The scan must see the generators' calls, or it proves nothing.
  EXPECT_GE(names.size(), 10u);
  EXPECT_TRUE(names.count("syscalls"));
  EXPECT_TRUE(names.count("latency"));
  EXPECT_TRUE(names.count("marker"));
  for (const auto& name : names)
    EXPECT_TRUE(builtin_template(name).has_value()) << name;
}

TEST(TemplatesDeathTest, a_missing_template_aborts_with_its_name) {
  kainjow::mustache::data d;
  EXPECT_DEATH(render_template("no_such_template", d),
               "no built-in template 'no_such_template'");
}

} // namespace
} // namespace sctrace::gen
