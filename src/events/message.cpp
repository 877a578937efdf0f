// trace.py message formatting (message.h).
#include "events/message.h"

#include <charconv>

#include "util/strings.h"

namespace sctrace::events {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void append_hex(std::string& out, std::uint64_t v) {
  char buf[16];
  char* p = buf + sizeof buf;
  do {
    *--p = kHexDigits[v & 0xF];
    v >>= 4;
  } while (v != 0);
  out.append(p, buf + sizeof buf);
}

// Truncation to the C type trace.py declares for the specifier; the casts
// through fixed-width types are exactly C's conversions (modulo 2^N).
void append_integer(std::string& out, const spec::FormatSpecifier& spec,
                    std::uint64_t bits) {
  switch (spec.kind) {
  case spec::FormatKind::Int:
    if (spec.bits == 16)
      util::append_int(out, static_cast<std::int16_t>(bits));
    else if (spec.bits == 32)
      util::append_int(out, static_cast<std::int32_t>(bits));
    else
      util::append_int(out, static_cast<std::int64_t>(bits));
    return;
  case spec::FormatKind::Uint:
    if (spec.bits == 16)
      util::append_int(out, static_cast<std::uint16_t>(bits));
    else if (spec.bits == 32)
      util::append_int(out, static_cast<std::uint32_t>(bits));
    else
      util::append_int(out, bits);
    return;
  case spec::FormatKind::Hex:
    append_hex(out, spec.bits == 64 ? bits : static_cast<std::uint32_t>(bits));
    return;
  case spec::FormatKind::Char:
    out.push_back(static_cast<char>(bits & 0xFF));
    return;
  case spec::FormatKind::Ksym:
  case spec::FormatKind::Usym:
    out.append("0x");
    append_hex(out, bits);
    return;
  case spec::FormatKind::String:
    util::append_int(out, static_cast<std::int64_t>(bits));
    return;
  }
}

} // namespace

void append_formatted_value(std::string& out, const spec::FormatSpecifier& spec,
                            const ArgValue& value) {
  if (value.is_string)
    out.append(value.text);
  else
    append_integer(out, spec, value.bits);
}

void append_message(std::string& out, const spec::ParsedFormat& format,
                    std::span<const ArgValue> values) {
  const std::size_t n = format.specifiers.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i < format.literals.size())
      out.append(format.literals[i]);
    if (i < values.size())
      append_formatted_value(out, format.specifiers[i], values[i]);
    else
      out.append(format.specifiers[i].text);
  }
  if (n < format.literals.size())
    out.append(format.literals[n]);
}

std::string format_message(const spec::ParsedFormat& format,
                           std::span<const ArgValue> values) {
  std::string out;
  append_message(out, format, values);
  return out;
}

} // namespace sctrace::events
