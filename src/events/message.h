// trace.py message formatting: applies a parsed format string to the values
// bpftrace printed for one event.
//
// Semantics follow trace.py, whose data fields have the C type of their
// specifier (spec/parser.h):
//  - %d / %u / %x use the low 32 bits (signed / unsigned / lowercase hex);
//    %hd / %hu the low 16 bits; %ld %lld %lu %llu %lx %llx all 64 bits.
//    So %d of 2^32+5 prints 5 and %u of -1 prints 4294967295.
//  - %c inserts the low byte as one character (a 0 byte included).
//  - %s, %K and %U insert the string bytes as is (the parser already put
//    trace.py's "sym+0xoff [module]" for %K/%U, events/symbols.h, and
//    "<unreadable>" for a string that could not be read). No escaping
//    happens here; writers escape for their format.
//  - A value of the wrong kind never fails: an integer under %s/%K/%U
//    prints as decimal (%K/%U as 0x-hex), a string under an integer
//    specifier prints its bytes. A missing value prints the specifier text.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "spec/parser.h"

namespace sctrace::events {

// One format argument: an integer (two's complement bits) or string bytes.
// text is a view; the caller keeps the bytes alive while formatting.
struct ArgValue {
  bool is_string = false;
  std::uint64_t bits = 0;
  std::string_view text;

  static ArgValue integer(std::int64_t v) {
    return ArgValue{false, static_cast<std::uint64_t>(v), {}};
  }
  static ArgValue unsigned_integer(std::uint64_t v) {
    return ArgValue{false, v, {}};
  }
  static ArgValue string(std::string_view s) { return ArgValue{true, 0, s}; }
};

// Appends one converted value (no literal text).
void append_formatted_value(std::string& out, const spec::FormatSpecifier& spec,
                            const ArgValue& value);

// Appends literals[0] value[0] literals[1] ... to out.
void append_message(std::string& out, const spec::ParsedFormat& format,
                    std::span<const ArgValue> values);

std::string format_message(const spec::ParsedFormat& format,
                           std::span<const ArgValue> values);

} // namespace sctrace::events
