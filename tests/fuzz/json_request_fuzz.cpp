// Fuzz target: the JSON deserialisers of specs (spec::plan_from_json) and
// of the seed's request shape (spec::plan_from_ebpf_program, one program or
// every element of a request's "ebpf_programs").
//
// Input: JSON text, up to 32 KiB so that filters past
// spec::max_expression_nodes fit; long_inputs.h's mutator makes such
// inputs. Invariants:
//  - neither reader throws, and every rejection has a message;
//  - every accepted spec passes validate(), survives a JSON round trip
//    through text unchanged, and generates a program over the recorded
//    tracefs tree (unless it names something that tree does not have)
//    that keeps every invariant of program_check.h. JSON specs also set
//    what the grammar cannot (process name, cgroup, pid, uid, stacks), so
//    this is where those reach the program.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "long_inputs.h"
#include "program_check.h"
#include "spec/json.h"
#include "spec/parser.h"

using namespace sctrace;

namespace {

void check_accepted(const Result<spec::TracePlan>& plan, const char* reader,
                    unsigned char selector) {
  if (!plan.ok()) {
    FUZZ_REQUIRE(!plan.error().message.empty(),
                 std::string(reader) + " error without a message");
    return;
  }
  auto valid = spec::validate(plan->spec);
  if (valid.ok())
    valid = spec::validate(plan->options);
  FUZZ_REQUIRE(valid.ok(), std::string(reader) +
                               " accepts what validate rejects: " +
                               (valid.ok() ? "" : valid.error().message));
  fuzz::check_json_round_trip(*plan);
  fuzz::generate_and_check({plan->spec}, selector, plan->options);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto taken = fuzz::take_input(data, size, 32768);
  if (!taken)
    return 0;
  std::string_view input = *taken;
  auto json = nlohmann::json::parse(input, nullptr, false);
  if (json.is_discarded())
    return 0;
  auto selector = static_cast<unsigned char>(size);
  check_accepted(spec::plan_from_json(json), "plan_from_json", selector);
  check_accepted(spec::plan_from_ebpf_program(json), "plan_from_ebpf_program",
                 selector);
  if (json.is_object() && json.contains("ebpf_programs") &&
      json["ebpf_programs"].is_array()) {
    int n = 0;
    for (const auto& program : json["ebpf_programs"]) {
      if (++n > 8)
        break;
      check_accepted(spec::plan_from_ebpf_program(program),
                     "plan_from_ebpf_program", selector);
    }
  }
  return 0;
}
