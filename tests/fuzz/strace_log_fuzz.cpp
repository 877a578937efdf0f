// Fuzz target: the reader of strace's log in `sctrace compare`
// (compare::parse_strace_log, parse_strace_return, split_args and
// parse_strace_string from strace_args.h).
//
// Input: a log as `strace -f -qq -ttt -T -o FILE` writes it, or anything
// else in that file.
// Invariants:
//  - parsing is total: no exception, no crash, whatever the numbers;
//  - calls are in entry order (strictly increasing line numbers, each
//    within the input's lines), each with a syscall name and args equal
//    to split_args(args_text); strace_call_text starts with "name(";
//  - each line gives at most one call, exit, signal or malformed count,
//    and malformed_examples holds the first min(malformed, 5) of them;
//  - an Error return is -1; a decoded quoted argument is never longer
//    than its quoted text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "modes/compare/strace_args.h"
#include "modes/compare/strace_log.h"

using namespace sctrace;
using compare::StraceReturn;

namespace {

std::size_t count_lines(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    n += s[i] == '\n' || i + 1 == s.size();
  return n;
}

void check_call(const compare::StraceCall& c) {
  FUZZ_REQUIRE(!c.syscall.empty(), "call without a name");
  FUZZ_REQUIRE(c.args == compare::split_args(c.args_text),
               "args differ from split_args: " + c.args_text);
  FUZZ_REQUIRE(compare::strace_call_text(c).rfind(c.syscall + "(", 0) == 0,
               compare::strace_call_text(c));
  if (c.ret && c.ret->kind == StraceReturn::Kind::Error)
    FUZZ_REQUIRE(c.ret->value == -1, "error return " + c.ret->text);
  for (const auto& arg : c.args)
    if (auto s = compare::parse_strace_string(arg))
      FUZZ_REQUIRE(s->bytes.size() <= arg.size(), "string grew: " + arg);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto taken = fuzz::take_input(data, size, 65536);
  if (!taken)
    return 0;
  std::string_view input = *taken;
  auto log = compare::parse_strace_log(input);
  std::size_t lines = count_lines(input);
  std::size_t prev = 0;
  for (const auto& c : log.calls) {
    FUZZ_REQUIRE(c.line > prev && c.line <= lines,
                 "line " + std::to_string(c.line) + " after " +
                     std::to_string(prev) + " of " + std::to_string(lines));
    prev = c.line;
    check_call(c);
  }
  FUZZ_REQUIRE(log.calls.size() + log.exits.size() + log.signals.size() +
                       log.malformed <=
                   lines,
               "more records than lines");
  FUZZ_REQUIRE(log.malformed_examples.size() ==
                   std::min<std::size_t>(log.malformed, 5),
               "malformed examples");
  return 0;
}
