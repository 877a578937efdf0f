// OutputParser's direct path (bpftrace_parser.h): the tuples of probes
// that expose their values and format none (the syscalls program's) are
// scanned once, each number straight into event_.ints and each string
// into a StringRef, instead of a Field record per value that is then
// checked and copied. It takes only lines in the exact shape bpftrace
// prints (no whitespace, no sign in the header, every field of its slot's
// kind); any other line goes to the Field path, which decides what it is.
#include "events/bpftrace_parser.h"

#include <cstring>

namespace sctrace::events {
namespace {

using gen::kCommField;
using gen::kCpuField;
using gen::kHeaderFields;
using gen::kNsecsField;
using gen::kProbeField;
using gen::kSeqField;
using gen::kTgidField;
using gen::kTidField;

constexpr std::string_view kUint64MaxText = "18446744073709551615";

inline bool is_digit(char c) {
  return static_cast<unsigned char>(c - '0') < 10;
}

// The ',' or ']' at AT into SEP, and POS just past it; false when LINE
// ends there or has anything else.
inline bool take_separator(std::string_view line, std::size_t at,
                           std::size_t& pos, char& sep) {
  if (at >= line.size())
    return false;
  sep = line[at];
  pos = at + 1;
  return sep == ',' || sep == ']';
}

// Reads the integer at POS of LINE (which ends in a non-digit, so a run of
// digits stops inside it) and the ',' or ']' right after it into SEP,
// moving POS past both. Up to 20 digits (at most UINT64_MAX) inline; a
// sign or anything longer through JsonCursor::read_integer. False when
// there is no such integer.
inline bool scan_int(std::string_view line, std::size_t& pos,
                     std::uint64_t& bits, char& sep) {
  const char* const s = line.data();
  if (pos >= line.size())
    return false;
  std::uint64_t v = 0;
  const std::size_t digits = scan_digits(s + pos, v);
  const char after = s[pos + digits];
  // 20 digits fit in 64 bits up to UINT64_MAX's text: the same length, so
  // the byte order is the numeric order.
  if ((digits - 1 < 19 ||
       (digits == 20 &&
        std::memcmp(s + pos, kUint64MaxText.data(), 20) <= 0)) &&
      (after == ',' || after == ']')) {
    bits = v;
    sep = after;
    pos += digits + 1;
    return true;
  }
  if (digits == 0 && s[pos] != '-')
    return false;
  JsonCursor cursor(line);
  cursor.seek(pos);
  bool negative = false;
  std::string_view token;
  if (!cursor.read_integer(bits, negative, token))
    return false;
  return take_separator(line, cursor.position(), pos, sep);
}

// Reads the string at POS (its '"' right there) into REF and the ',' or
// ']' right after it into SEP, moving POS past both.
inline bool scan_string(std::string_view line, std::string& arena,
                        std::size_t& pos, JsonCursor::StringRef& ref,
                        char& sep) {
  if (pos >= line.size() || line[pos] != '"')
    return false;
  JsonCursor cursor(line);
  cursor.seek(pos);
  if (!cursor.read_string(arena, ref))
    return false;
  return take_separator(line, cursor.position(), pos, sep);
}

} // namespace

void OutputParser::plan_direct(Probe& p) {
  const gen::ProbeLayout& l = p.layout;
  p.direct = l.expose_values && l.format_args == 0 && l.start_index < 0 &&
             kHeaderFields + l.values.size() <= kMaskedFields;
  for (std::size_t i = 0; i < l.values.size(); ++i) {
    if (l.values[i].kind == gen::ValueKind::String) {
      ++p.string_values;
      continue;
    }
    if (static_cast<int>(i) == l.retval_index)
      p.retval_int = static_cast<int>(p.int_values);
    ++p.int_values;
  }
}

const OutputParser::Probe* OutputParser::direct_probe(std::string_view line,
                                                      std::size_t& pos) {
  // The digit loops need the line to end in a non-digit (a tuple's line
  // ends in "]}").
  if (pos >= line.size() || is_digit(line.back()))
    return nullptr;
  char sep = 0;
  std::uint64_t probe = 0;
  if (line[pos] == '-' || !scan_int(line, pos, probe, sep) || sep != ',' ||
      probe >= probes_.size() || !probes_[probe].direct)
    return nullptr;
  direct_header_[kProbeField] = probe;
  return &probes_[probe];
}

bool OutputParser::scan_direct(std::string_view line, std::size_t pos,
                               const Probe& p) {
  char sep = ',';
  for (std::size_t i = kProbeField + 1; i < kCommField; ++i)
    if (pos >= line.size() || line[pos] == '-' ||
        !scan_int(line, pos, direct_header_[i], sep) || sep != ',')
      return false;
  event_.ints.resize(p.int_values);
  std::int64_t* ints = event_.ints.data();
  JsonCursor::StringRef* strings = direct_strings_.data();
  const std::size_t n = kHeaderFields + p.layout.values.size();
  for (std::size_t i = kCommField; i < n; ++i) {
    if (sep != ',')
      return false;
    if ((p.string_fields >> i) & 1) {
      JsonCursor::StringRef& ref = i == kCommField ? direct_comm_ : *strings++;
      if (!scan_string(line, arena_, pos, ref, sep))
        return false;
      continue;
    }
    std::uint64_t bits = 0;
    if (!scan_int(line, pos, bits, sep))
      return false;
    *ints++ = static_cast<std::int64_t>(bits);
  }
  JsonCursor cursor(line);
  cursor.seek(pos);
  return sep == ']' && cursor.consume('}') && cursor.at_end();
}

bool OutputParser::build_direct(std::string_view line, const Probe& p,
                                EventSink& sink) {
  CpuState* state = cpu_state(direct_header_[kCpuField]);
  if (state == nullptr)
    return false;
  ++state->received;
  note_event_seq(*state, direct_header_[kSeqField]);
  if (direct_header_[kTgidField] > UINT32_MAX ||
      direct_header_[kTidField] > UINT32_MAX)
    return false;
  TraceEvent& e = event_;
  e.probe = static_cast<int>(direct_header_[kProbeField]);
  e.monotonic_ns = direct_header_[kNsecsField];
  e.timestamp_ns = direct_header_[kNsecsField] +
                   static_cast<std::uint64_t>(clock_offset_ns_);
  e.pid = static_cast<std::uint32_t>(direct_header_[kTgidField]);
  e.tid = static_cast<std::uint32_t>(direct_header_[kTidField]);
  e.cpu = static_cast<std::uint32_t>(direct_header_[kCpuField]);
  e.comm.assign(string_text(line, direct_comm_));
  if (named_probe_ != e.probe) {
    e.function.assign(p.layout.function);
    fill_format(line, p); // no format arguments: reads no field
  }
  e.strings.resize(p.string_values);
  for (std::size_t k = 0; k < p.string_values; ++k)
    e.strings[k].assign(string_text(line, direct_strings_[k]));
  if (p.retval_int >= 0)
    e.retval = e.ints[static_cast<std::size_t>(p.retval_int)];
  else
    e.retval.reset();
  e.process_start_ns = 0;
  deliver(direct_header_[kSeqField], sink);
  return true;
}

} // namespace sctrace::events
