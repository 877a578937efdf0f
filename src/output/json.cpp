// JSON string literals (json.h).
#include "output/json.h"

#include "output/escape.h"
#include "util/strings.h"

namespace sctrace::output {

namespace {

const char kHex[] = "0123456789abcdef";

// The escape of an ASCII byte that JSON does not take raw.
void append_json_escape(std::string& out, unsigned char c) {
  switch (c) {
  case '"':
    out.append("\\\"");
    return;
  case '\\':
    out.append("\\\\");
    return;
  case '\n':
    out.append("\\n");
    return;
  case '\t':
    out.append("\\t");
    return;
  case '\r':
    out.append("\\r");
    return;
  case '\b':
    out.append("\\b");
    return;
  case '\f':
    out.append("\\f");
    return;
  default:
    out.append("\\u00");
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
}

} // namespace

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    // Fast path: a run of plain ASCII that needs no escaping.
    std::size_t j = i;
    while (j < s.size()) {
      const auto c = static_cast<unsigned char>(s[j]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80)
        break;
      ++j;
    }
    out.append(s.data() + i, j - i);
    i = j;
    if (i >= s.size())
      break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      append_json_escape(out, c);
      ++i;
    } else if (std::size_t n = util::utf8_sequence_length(s, i); n > 0) {
      out.append(s.data() + i, n);
      i += n;
    } else {
      out.append(kReplacementCharacter);
      ++i;
    }
  }
  out.push_back('"');
}

} // namespace sctrace::output
