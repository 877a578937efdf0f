// Helpers for the `sctrace count`, `latency` and `slow` live tests:
// strace as the reference, and sctrace's JSON reports as Counts.
// Header-only: the live tests are globbed as *_test.cpp.
#pragma once

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "syscalls_live_util.h"

namespace sctrace::live::st {

// `strace -f -c -U name,calls,errors -- CMD`: calls per syscall.
inline sc::Counts strace_counts(const std::vector<std::string>& cmd) {
  TempDir dir;
  std::string out = dir.file("strace.txt");
  auto s = run(sc::concat({sc::kStrace, "-f", "-c", "-U", "name,calls,errors",
                           "-o", out, "--"},
                          cmd),
               120);
  if (s.exit_code != 0)
    ADD_FAILURE() << "strace failed: " << s.err;
  return sc::parse_strace_c(read_file(out));
}

// `strace -f -T -o FILE -- CMD`: its per-call lines.
inline std::vector<std::string>
strace_lines(const std::vector<std::string>& cmd,
             const std::vector<std::string>& extra = {}) {
  TempDir dir;
  std::string out = dir.file("strace.txt");
  auto s = run(sc::concat(sc::concat({sc::kStrace, "-f", "-o", out}, extra),
                          sc::concat({"--"}, cmd)),
               120);
  if (s.exit_code != 0)
    ADD_FAILURE() << "strace failed: " << s.err;
  std::vector<std::string> lines;
  std::istringstream in(read_file(out));
  for (std::string l; std::getline(in, l);)
    lines.push_back(l);
  return lines;
}

// The rows of a count/latency report ({"syscalls": [...]}) as Counts.
inline sc::Counts report_counts(const nlohmann::json& report) {
  sc::Counts out;
  for (const auto& row : report.at("syscalls"))
    out[row.at("syscall").get<std::string>()] =
        sc::Count{row.at("count").get<std::uint64_t>(),
                  row.at("errors").get<std::uint64_t>()};
  return out;
}

// Runs `sctrace TOOL ARGS --format json -o FILE -- CMD` and parses the
// document; the exit code must be the command's (0).
inline nlohmann::json stats_json(const std::string& tool,
                                 const std::vector<std::string>& args,
                                 const std::vector<std::string>& cmd) {
  TempDir dir;
  std::string out = dir.file("out.json");
  auto r = sctrace(
      sc::concat(sc::concat({tool}, args),
                 sc::concat({"--format", "json", "-o", out, "--"}, cmd)),
      120);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(read_file(out), nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << read_file(out);
  return doc;
}

// The row of `name` in a report, or null.
inline nlohmann::json row_of(const nlohmann::json& report,
                             const std::string& name) {
  for (const auto& row : report.at("syscalls"))
    if (row.at("syscall") == name)
      return row;
  return nullptr;
}

} // namespace sctrace::live::st
