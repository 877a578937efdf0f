// Fuzz target: the trace.py spec parser (spec::parse_probe).
//
// Input: one spec per line (at most 4; blank lines and '#' comments are
// skipped, as in specs/*.spec), up to 32 KiB so that expressions past
// spec::max_expression_nodes fit; long_inputs.h's mutator makes such
// inputs. The whole input is also parsed as one spec. Invariants:
//  - a rejected spec gets a message and a position inside the input, and
//    render_diagnostic() formats it;
//  - an accepted spec passes validate(), survives a JSON round trip through
//    text unchanged, and generates a program over the recorded tracefs tree
//    (unless it names something that tree does not have) that keeps every
//    invariant of program_check.h.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "long_inputs.h"
#include "program_check.h"
#include "spec/parser.h"

using namespace sctrace;

namespace {

// Parses one spec; checks the error when it is rejected.
Result<spec::TraceSpec> parse_checked(std::string_view text) {
  auto spec = spec::parse_probe(text);
  if (!spec.ok()) {
    const Error& e = spec.error();
    FUZZ_REQUIRE(!e.message.empty(), "error without a message");
    if (e.pos) {
      FUZZ_REQUIRE(e.pos->line == 1, "error on line " +
                                         std::to_string(e.pos->line) +
                                         " of a one-line spec");
      FUZZ_REQUIRE(
          e.pos->column >= 1 &&
              static_cast<std::size_t>(e.pos->column) <= text.size() + 1,
          "error column " + std::to_string(e.pos->column) +
              " outside the spec (" + std::to_string(text.size()) + " bytes)");
    }
    std::string d = spec::render_diagnostic(e, text);
    FUZZ_REQUIRE(d.find(e.message) != std::string::npos,
                 "diagnostic without the message: " + d);
    return spec;
  }
  auto valid = spec::validate(*spec);
  FUZZ_REQUIRE(valid.ok(), "parse_probe accepts what validate rejects: " +
                               (valid.ok() ? "" : valid.error().message));
  fuzz::check_json_round_trip(spec::TracePlan{*spec, {}});
  return spec;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto taken = fuzz::take_input(data, size, 32768);
  if (!taken)
    return 0;
  std::string_view input = *taken;
  auto whole = parse_checked(input);
  if (input.find('\n') == std::string_view::npos) {
    if (whole.ok())
      fuzz::generate_and_check({*whole}, static_cast<unsigned char>(size));
    return 0;
  }
  std::vector<spec::TraceSpec> specs;
  std::size_t pos = 0;
  while (pos <= input.size() && specs.size() < 4) {
    std::size_t end = input.find('\n', pos);
    if (end == std::string_view::npos)
      end = input.size();
    std::string_view line = input.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line.front() == '#')
      continue;
    auto s = parse_checked(line);
    if (!s.ok())
      return 0;
    specs.push_back(*s);
  }
  if (!specs.empty())
    fuzz::generate_and_check(specs, static_cast<unsigned char>(size));
  return 0;
}
