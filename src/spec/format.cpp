// parse_format: trace.py format strings (spec/parser.h).
//
// trace.py recognises conversions with the regex
// `%(s|u|d|lu|llu|ld|lld|hu|hd|x|lx|llx|c|K|U)` and passes everything else
// to C printf unchecked, which is how "%5d" or "%f" silently print garbage.
// We accept exactly that set (plus "%%") and reject the rest up front.
#include <array>
#include <string>
#include <string_view>

#include "spec/parser.h"

namespace sctrace::spec {
namespace {

struct KnownSpecifier {
  std::string_view text; // without the '%'
  FormatKind kind;
  int bits;
};

// Longest first, so "lld" is tried before "ld". bits follow the C type
// trace.py gives the field: no modifier 32, h 16, l/ll 64, %c 8, and %K/%U
// 64 because they are u64 addresses.
constexpr std::array<KnownSpecifier, 15> kKnown = {{
    {"lld", FormatKind::Int, 64},
    {"llu", FormatKind::Uint, 64},
    {"llx", FormatKind::Hex, 64},
    {"ld", FormatKind::Int, 64},
    {"lu", FormatKind::Uint, 64},
    {"lx", FormatKind::Hex, 64},
    {"hd", FormatKind::Int, 16},
    {"hu", FormatKind::Uint, 16},
    {"s", FormatKind::String, 32},
    {"d", FormatKind::Int, 32},
    {"u", FormatKind::Uint, 32},
    {"x", FormatKind::Hex, 32},
    {"c", FormatKind::Char, 8},
    {"K", FormatKind::Ksym, 64},
    {"U", FormatKind::Usym, 64},
}};

constexpr std::string_view kSupported =
    "trace.py supports %s %d %u %x %ld %lu %lx %lld %llu %llx %hd %hu %c "
    "%K %U and %%";

bool is_conversion_modifier(char c) {
  return c == '-' || c == '+' || c == ' ' || c == '#' || c == '.' ||
         (c >= '0' && c <= '9') || c == 'h' || c == 'l' || c == 'L' ||
         c == 'q' || c == 'j' || c == 'z' || c == 't';
}

std::size_t utf8_lead_length(unsigned char c) {
  if (c >= 0xF0)
    return 4;
  if (c >= 0xE0)
    return 3;
  if (c >= 0xC0)
    return 2;
  return 1;
}

// The text of an unsupported conversion starting at '%' (offset pos): C
// flags, width, precision and length modifiers, then one character, so the
// message quotes "%5d" or "%-10s" whole rather than just "%5".
std::string_view unsupported_text(std::string_view format, std::size_t pos) {
  std::size_t end = pos + 1;
  while (end < format.size() && is_conversion_modifier(format[end]))
    ++end;
  if (end < format.size())
    end += utf8_lead_length(static_cast<unsigned char>(format[end]));
  if (end > format.size())
    end = format.size();
  return format.substr(pos, end - pos);
}

Error unsupported(std::string_view format, std::size_t pos) {
  std::string message = "unsupported format specifier '";
  message.append(unsupported_text(format, pos));
  message.append("' at offset ");
  message.append(std::to_string(pos));
  message.append(": ");
  message.append(kSupported);
  return Error{ErrorKind::Syntax, std::move(message),
               SourcePos{1, static_cast<int>(pos) + 1}};
}

} // namespace

Result<ParsedFormat> parse_format(std::string_view format) {
  ParsedFormat parsed;
  parsed.literals.emplace_back();
  std::size_t i = 0;
  while (i < format.size()) {
    std::size_t percent = format.find('%', i);
    if (percent == std::string_view::npos) {
      parsed.literals.back().append(format.substr(i));
      break;
    }
    parsed.literals.back().append(format.substr(i, percent - i));
    std::string_view rest = format.substr(percent + 1);
    if (!rest.empty() && rest.front() == '%') {
      parsed.literals.back().push_back('%');
      i = percent + 2;
      continue;
    }
    const KnownSpecifier* match = nullptr;
    for (const KnownSpecifier& known : kKnown) {
      if (rest.starts_with(known.text)) {
        match = &known;
        break;
      }
    }
    // "%ldx" would match "ld" and leave "x" as text, exactly as C does;
    // but "%5d" or "%l" alone must not half-match, which the table ensures
    // because every entry ends in a conversion letter.
    if (match == nullptr)
      return unsupported(format, percent);
    FormatSpecifier spec;
    spec.kind = match->kind;
    spec.bits = match->bits;
    spec.text = std::string("%").append(match->text);
    spec.offset = percent;
    parsed.specifiers.push_back(std::move(spec));
    parsed.literals.emplace_back();
    i = percent + 1 + match->text.size();
  }
  return parsed;
}

} // namespace sctrace::spec
