// Test helpers: the accept/reject tables in tests/data/grammar and the
// example specs in specs/.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace sctrace::spec::fixtures {

struct FixtureCase {
  int line = 0;
  std::string spec;
  std::string expected;
};

// Reads "SPEC ==> EXPECTED" lines (split at the last " ==> "), skipping
// blank lines and '#' comments.
inline std::vector<FixtureCase> load_grammar_cases(const std::string& name) {
  std::ifstream in(std::string(SCTRACE_TEST_DATA) + "/grammar/" + name);
  EXPECT_TRUE(in) << "missing fixture " << name;
  std::vector<FixtureCase> cases;
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    if (text.empty() || text[0] == '#')
      continue;
    std::size_t sep = text.rfind(" ==> ");
    EXPECT_NE(sep, std::string::npos) << name << ":" << line;
    if (sep == std::string::npos)
      continue;
    cases.push_back({line, text.substr(0, sep), text.substr(sep + 5)});
  }
  return cases;
}

struct SpecFile {
  std::string name;
  std::string spec; // the first line that is neither blank nor a comment
};

inline std::vector<SpecFile> load_spec_files() {
  std::vector<SpecFile> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(SCTRACE_SPECS_DIR)) {
    if (entry.path().extension() != ".spec")
      continue;
    std::ifstream in(entry.path());
    std::string line;
    SpecFile file{entry.path().filename().string(), ""};
    while (std::getline(in, line)) {
      if (!line.empty() && line[0] != '#') {
        file.spec = line;
        break;
      }
    }
    files.push_back(std::move(file));
  }
  return files;
}

} // namespace sctrace::spec::fixtures
