// The probes of a generated bpftrace program (program_probes.h).
#include "tools/program_probes.h"

#include <algorithm>
#include <sstream>

namespace sctrace::tools {

namespace {

std::string trimmed(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// A probe name: letters, digits and :_*./- only.
bool probe_like(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ':' ||
           c == '_' || c == '*' || c == '.' || c == '/' || c == '-';
  });
}

void add_names(const std::string& head, std::vector<std::string>& out) {
  std::stringstream ss(head);
  std::string name;
  while (std::getline(ss, name, ',')) {
    name = trimmed(name);
    if (probe_like(name) &&
        std::find(out.begin(), out.end(), name) == out.end())
      out.push_back(name);
  }
}

} // namespace

std::vector<std::string> program_probes(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string line;
  int depth = 0;
  while (std::getline(ss, line)) {
    if (depth == 0 && !line.empty() && line[0] != ' ' && line[0] != '\t' &&
        line[0] != '/' && line[0] != '#') {
      std::string head = line.substr(0, line.find_first_of("{/"));
      add_names(head, out);
    }
    bool in_string = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (in_string) {
        if (c == '\\')
          ++i;
        else if (c == '"')
          in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '/' && i + 1 < line.size() && line[i + 1] == '/') {
        break;
      } else if (c == '{') {
        ++depth;
      } else if (c == '}') {
        depth = std::max(0, depth - 1);
      }
    }
  }
  return out;
}

} // namespace sctrace::tools
