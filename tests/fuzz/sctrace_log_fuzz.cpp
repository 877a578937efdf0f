// Fuzz target: the reader of `sctrace syscalls --format jsonl` output in
// `sctrace compare` (compare::parse_sctrace_jsonl, parse_timestamp_ns).
//
// Input: a JSONL log (one event per line, then a summary), or anything.
// Invariants:
//  - parsing is total: nlohmann exceptions never escape, no crash, and no
//    undefined behaviour (UBSan) for any number or timestamp;
//  - success gives calls in line order (strictly increasing line numbers
//    within the input), each with .json equal to the input's line at
//    that number;
//  - an error is Invalid and names a line that exists;
//  - a timestamp that parses is the same after a round trip through
//    gmtime formatting, to the second.
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "modes/compare/sctrace_log.h"

using namespace sctrace;

namespace {

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string_view::npos)
      end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Formats whole seconds as YYYY-MM-DDTHH:MM:SSZ, or "" out of range.
std::string format_seconds(std::int64_t secs) {
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  char buf[64];
  if (!::gmtime_r(&t, &tm) ||
      std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
    return "";
  return buf;
}

void check_timestamps(const std::vector<std::string_view>& lines) {
  for (auto line : lines) {
    auto ns = compare::parse_timestamp_ns(line);
    if (!ns)
      continue;
    std::int64_t secs = *ns / 1'000'000'000 - (*ns % 1'000'000'000 < 0);
    std::string again = format_seconds(secs);
    if (again.size() != 20)
      continue; // years before 1000 or after 9999 print differently
    auto back = compare::parse_timestamp_ns(again);
    FUZZ_REQUIRE(back && *back == secs * 1'000'000'000,
                 "timestamp round trip: " + again);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto taken = fuzz::take_input(data, size, 65536);
  if (!taken)
    return 0;
  std::string_view input = *taken;
  auto lines = split_lines(input);
  check_timestamps(lines);
  auto log = compare::parse_sctrace_jsonl(input);
  if (!log.ok()) {
    const auto& msg = log.error().message;
    FUZZ_REQUIRE(log.error().kind == ErrorKind::Invalid, msg);
    auto at = msg.find(", line ");
    FUZZ_REQUIRE(at != std::string::npos, msg);
    std::size_t n = std::stoul(msg.substr(at + 7));
    FUZZ_REQUIRE(n >= 1 && n <= lines.size(), msg);
    return 0;
  }
  std::size_t prev = 0;
  for (const auto& c : log->calls) {
    FUZZ_REQUIRE(c.line > prev && c.line <= lines.size(),
                 "line " + std::to_string(c.line));
    prev = c.line;
    FUZZ_REQUIRE(c.json == lines[c.line - 1], "json is not its line");
  }
  return 0;
}
