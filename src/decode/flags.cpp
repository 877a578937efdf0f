#include "decode/flags.h"

namespace sctrace::decode {

std::string hex(std::uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char buf[16];
  int n = 0;
  do {
    buf[n++] = kDigits[value & 0xF];
    value >>= 4;
  } while (value != 0);
  std::string out = "0x";
  while (n > 0)
    out.push_back(buf[--n]);
  return out;
}

namespace {

// Appends the names of matching entries, separated by '|', and returns the
// bits no entry claimed. first says whether nothing precedes in out.
std::uint64_t append_matches(std::string& out, std::uint64_t value,
                             std::span<const FlagName> table, bool first) {
  for (const FlagName& f : table) {
    if (f.value == 0 || (value & f.value) != f.value)
      continue;
    if (!first)
      out.push_back('|');
    out.append(f.name);
    first = false;
    value &= ~f.value;
  }
  return value;
}

} // namespace

void append_flags(std::string& out, std::uint64_t value,
                  std::span<const FlagName> table,
                  std::string_view unknown_comment) {
  if (value == 0) {
    out.push_back('0');
    return;
  }
  std::size_t start = out.size();
  std::uint64_t rest = append_matches(out, value, table, true);
  if (out.size() == start) {
    out.append(hex(value));
    out.append(" /* ");
    out.append(unknown_comment);
    out.append("??? */");
    return;
  }
  if (rest != 0) {
    out.push_back('|');
    out.append(hex(rest));
  }
}

void append_more_flags(std::string& out, std::uint64_t value,
                       std::span<const FlagName> table) {
  std::uint64_t rest = append_matches(out, value, table, false);
  if (rest != 0) {
    out.push_back('|');
    out.append(hex(rest));
  }
}

} // namespace sctrace::decode
