// OutputParser's direct path (bpftrace_parser.h): the tuples of probes
// that expose their values and format none (the syscalls program's) are
// scanned once, each number straight into event_.ints and each string
// into a StringRef, instead of a Field record per value that is then
// checked and copied. It takes only lines in the exact shape bpftrace
// prints (no whitespace, no sign in the header, every field of its slot's
// kind); any other line goes to the Field path, which decides what it is.
#include "events/bpftrace_parser.h"

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

// Whether 20 digits starting with FIRST, whose value mod 2^64 is V, fit in
// 64 bits. They do when they are 10^19 up to UINT64_MAX (about 1.84e19):
// the first digit is '1' and V, the value itself, is at least 10^19. A
// '1' number past UINT64_MAX is under 2e19, so V (it minus 2^64) is
// under 0.16e19.
inline bool fits_20_digits(char first, std::uint64_t v) {
  return first == '1' && v >= 10'000'000'000'000'000'000ULL;
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
  if ((digits - 1 < 19 || (digits == 20 && fits_20_digits(s[pos], v))) &&
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

// Reads COUNT integers at POS into OUT (their 64 bits), each with the
// ',' after it, moving POS past them; UNSIGNED_ONLY refuses a sign. The
// usual field (1 to 19 digits, then ',') is read right here; any other
// goes through scan_int. LINE ends in "]}", so a byte after a ',' is
// always LINE's and a run of digits stops inside it.
inline bool scan_ints(std::string_view line, std::size_t& pos,
                      std::uint64_t* out, std::size_t count,
                      bool unsigned_only) {
  const char* const s = line.data();
  for (std::size_t k = 0; k < count; ++k) {
    std::uint64_t v = 0;
    const std::size_t digits = scan_digits(s + pos, v);
    if (digits - 1 < 19 && s[pos + digits] == ',') [[likely]] {
      out[k] = v;
      pos += digits + 1;
      continue;
    }
    char sep = 0;
    if ((unsigned_only && s[pos] == '-') || !scan_int(line, pos, out[k], sep) ||
        sep != ',')
      return false;
  }
  return true;
}

} // namespace

void OutputParser::plan_direct(Probe& p) {
  const gen::ProbeLayout& l = p.layout;
  p.direct = l.expose_values && l.format_args == 0 && l.start_index < 0 &&
             kHeaderFields + l.values.size() <= kMaskedFields;
  p.int_runs.assign(1, 0);
  for (std::size_t i = 0; i < l.values.size(); ++i) {
    if (l.values[i].kind == gen::ValueKind::String) {
      ++p.string_values;
      p.int_runs.push_back(0);
      continue;
    }
    ++p.int_runs.back();
    if (static_cast<int>(i) == l.retval_index)
      p.retval_int = static_cast<int>(p.int_values);
    ++p.int_values;
  }
}

const OutputParser::Probe* OutputParser::direct_probe(std::string_view line,
                                                      std::size_t& pos) {
  // The scans need the line to end in "]}" (as a tuple's line does): see
  // scan_ints.
  if (pos >= line.size() || !line.ends_with("]}"))
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
  constexpr std::size_t kHeaderInts = kCommField - kProbeField - 1;
  char sep = 0;
  if (!scan_ints(line, pos, &direct_header_[kProbeField + 1], kHeaderInts,
                 true) ||
      !scan_string(line, arena_, pos, direct_comm_, sep))
    return false;
  event_.ints.resize(p.int_values);
  // The same object as unsigned: an int64_t's bits, as scan_int reads.
  auto* ints = reinterpret_cast<std::uint64_t*>(event_.ints.data());
  for (std::size_t k = 0; k < p.string_values; ++k) {
    if (sep != ',' || !scan_ints(line, pos, ints, p.int_runs[k], false) ||
        !scan_string(line, arena_, pos, direct_strings_[k], sep))
      return false;
    ints += p.int_runs[k];
  }
  if (const std::size_t tail = p.int_runs.back(); tail > 0)
    if (sep != ',' || !scan_ints(line, pos, ints, tail - 1, false) ||
        !scan_int(line, pos, ints[tail - 1], sep))
      return false;
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
