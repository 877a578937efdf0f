// Fuzz target: `bpftrace --version` parsing (gen::parse_bpftrace_version)
// and the dialect chosen from it (gen::dialect_for).
//
// Input: any text, as if bpftrace (or whatever is on PATH under its name)
// printed it.
// Invariants, for a version that parses:
//  - major, minor and patch are not negative;
//  - "bpftrace v" + text() parses back to the same version;
//  - its dialect is consistent: the default str() size is at most the
//    largest, and both are positive.
// An error has kind Unsupported and a non-empty message.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "gen/bpftrace_version.h"

using namespace sctrace;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto taken = fuzz::take_input(data, size, 4096);
  if (!taken)
    return 0;
  std::string_view input = *taken;
  auto v = gen::parse_bpftrace_version(input);
  if (!v.ok()) {
    FUZZ_REQUIRE(v.error().kind == ErrorKind::Unsupported &&
                     !v.error().message.empty(),
                 v.error().message);
    return 0;
  }
  FUZZ_REQUIRE(v->major >= 0 && v->minor >= 0 && v->patch >= 0, v->text());
  auto again = gen::parse_bpftrace_version("bpftrace v" + v->text());
  FUZZ_REQUIRE(again.ok() && again->major == v->major &&
                   again->minor == v->minor && again->patch == v->patch,
               "no round trip through " + v->text());
  auto d = gen::dialect_for(*v);
  FUZZ_REQUIRE(d.default_strlen > 0 && d.default_strlen <= d.max_strlen,
               "dialect of " + v->text());
  return 0;
}
