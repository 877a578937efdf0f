// parse_binary_literal (gen/binary_literal.h).
#include "gen/binary_literal.h"

#include <cctype>
#include <cstdlib>

#include "util/strings.h"

namespace sctrace::gen {
namespace {

Error bad(const std::string& why) {
  return make_error(ErrorKind::Invalid,
                    "with -B, a STRCMP literal is a list of bytes such as "
                    "\"{0x6C,0x73,0x00}\": " +
                        why);
}

// One C integer literal 0..255.
Result<char> parse_byte(std::string_view item) {
  std::string text(util::trim(item));
  if (text.empty())
    return bad("an item is empty");
  for (char c : text)
    if (!std::isxdigit(static_cast<unsigned char>(c)) && c != 'x' && c != 'X')
      return bad("'" + text + "' is not a number");
  char* end = nullptr;
  unsigned long v = std::strtoul(text.c_str(), &end, 0);
  if (end == nullptr || *end != '\0' || v > 255)
    return bad("'" + text + "' is not a byte (0 to 255, e.g. 0x6C or 108)");
  return static_cast<char>(v);
}

} // namespace

Result<std::string> parse_binary_literal(std::string_view text) {
  std::string_view t = util::trim(text);
  if (t.size() < 2 || t.front() != '{' || t.back() != '}')
    return bad("it must start with '{' and end with '}'");
  t = t.substr(1, t.size() - 2);
  std::string bytes;
  if (util::trim(t).empty())
    return bytes;
  for (const auto& item : util::split(t, ',')) {
    SCTRACE_TRY_ASSIGN(b, parse_byte(item));
    bytes.push_back(b);
  }
  return bytes;
}

} // namespace sctrace::gen
