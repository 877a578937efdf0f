// OutputParser (bpftrace_parser.h): the hot path is feed() -> feed_tuple()
// -> build_event(), a hand-rolled scan with buffers reused across lines;
// nlohmann only sees the rare non-event records.
#include "events/bpftrace_parser.h"

#include <algorithm>
#include <ctime>

#include "events/stack_frames.h"

namespace sctrace::events {
namespace {

// Tuples follow gen/layout.h: [P, SEQ, NSECS, TGID, TID, CPU, COMM, V...]
// and the marker [-1, SEQ, CPU, ROUND].
using gen::kCommField;
using gen::kCpuField;
using gen::kHeaderFields;
using gen::kMarkerCpuField;
using gen::kMarkerFields;
using gen::kMarkerRoundField;
using gen::kMarkerSeqField;
using gen::kNsecsField;
using gen::kProbeField;
using gen::kSeqField;
using gen::kTgidField;
using gen::kTidField;
// The header's numbers are the fields between PROBE and COMM.
static_assert(kProbeField == 0 && kCommField == kHeaderFields - 1);
constexpr std::size_t kMaxFields = 1024;
constexpr std::uint64_t kMaxCpus = 1 << 16;

bool is_blank(std::string_view line) {
  for (char c : line)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
      return false;
  return true;
}

std::int64_t to_ns(const timespec& ts) {
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// %U is its address alone (events/symbols.h): an integer.
bool kind_matches(spec::FormatKind kind, gen::ValueKind value) {
  bool wants_string =
      kind == spec::FormatKind::String || kind == spec::FormatKind::Ksym;
  return wants_string == (value == gen::ValueKind::String);
}

// True when INDEX is -1 (no such slot) or names an integer value of P.
bool int_slot_or_none(const gen::ProbeLayout& p, int index) {
  if (index < 0)
    return index == -1;
  return static_cast<std::size_t>(index) < p.values.size() &&
         p.values[index].kind == gen::ValueKind::Int;
}

// Reads `, "KEY" :` after the type field.
bool expect_key(JsonCursor& cursor, std::string& scratch,
                std::string_view key) {
  if (!cursor.consume(','))
    return false;
  scratch.clear();
  return cursor.read_string_into(scratch) && scratch == key &&
         cursor.consume(':');
}

} // namespace

std::int64_t realtime_offset_ns() {
  timespec mono_before{}, real{}, mono_after{};
  clock_gettime(CLOCK_MONOTONIC, &mono_before);
  clock_gettime(CLOCK_REALTIME, &real);
  clock_gettime(CLOCK_MONOTONIC, &mono_after);
  // The midpoint of the two monotonic reads best matches the realtime read.
  std::int64_t mono =
      to_ns(mono_before) + (to_ns(mono_after) - to_ns(mono_before)) / 2;
  return to_ns(real) - mono;
}

Result<OutputParser> OutputParser::create(gen::ProgramLayout layout,
                                          std::int64_t clock_offset_ns) {
  std::vector<Probe> probes;
  probes.reserve(layout.probes.size());
  for (std::size_t i = 0; i < layout.probes.size(); ++i) {
    gen::ProbeLayout& p = layout.probes[i];
    std::string where = "probe " + std::to_string(i) + " (" + p.probe + ")";
    auto format = spec::parse_format(p.format);
    if (!format.ok())
      return make_error(ErrorKind::Invalid,
                        where + ": " + format.error().message);
    const auto& specs = format->specifiers;
    if (specs.size() != p.format_args || p.format_args > p.values.size())
      return make_error(ErrorKind::Invalid,
                        where + ": format has " + std::to_string(specs.size()) +
                            " specifiers but the layout has " +
                            std::to_string(p.format_args) +
                            " format arguments and " +
                            std::to_string(p.values.size()) + " values");
    for (std::size_t a = 0; a < specs.size(); ++a)
      if (!kind_matches(specs[a].kind, p.values[a].kind))
        return make_error(ErrorKind::Invalid,
                          where + ": specifier " + specs[a].text +
                              " does not match the kind of value '" +
                              p.values[a].name + "'");
    if (!int_slot_or_none(p, p.retval_index))
      return make_error(ErrorKind::Invalid,
                        where + ": retval_index is not an integer value");
    if (!int_slot_or_none(p, p.start_index))
      return make_error(ErrorKind::Invalid,
                        where + ": start_index is not an integer value");
    std::vector<std::size_t> raw_arg_slots;
    for (std::size_t a = 0; a < p.format_args; ++a) {
      bool repeated = false;
      for (std::size_t b : raw_arg_slots)
        repeated = repeated || p.values[b].name == p.values[a].name;
      if (!repeated)
        raw_arg_slots.push_back(a);
    }
    std::uint64_t string_fields = 0;
    if (kHeaderFields + p.values.size() <= kMaskedFields) {
      string_fields = std::uint64_t{1} << kCommField;
      for (std::size_t v = 0; v < p.values.size(); ++v)
        if (p.values[v].kind == gen::ValueKind::String)
          string_fields |= std::uint64_t{1} << (kHeaderFields + v);
    }
    probes.push_back(Probe{std::move(p), std::move(format).value(),
                           std::move(raw_arg_slots), string_fields});
    plan_direct(probes.back());
  }
  OutputParser parser(std::move(probes), clock_offset_ns);
  parser.numbered_ = layout.numbered;
  return parser;
}

OutputParser::OutputParser(std::vector<Probe> probes,
                           std::int64_t clock_offset_ns)
    : probes_(std::move(probes)), clock_offset_ns_(clock_offset_ns) {
  for (const Probe& p : probes_) {
    has_direct_ = has_direct_ || p.direct;
    if (p.string_values > direct_strings_.size())
      direct_strings_.resize(p.string_values);
  }
}

void OutputParser::feed(std::string_view line, EventSink& sink) {
  if (is_blank(line))
    return;
  ++stats_.lines;
  JsonCursor cursor(line);
  // Fast path: bpftrace prints event tuples with exactly this prefix.
  constexpr std::string_view kValuePrefix = R"({"type": "value", "data": )";
  if (line.starts_with(kValuePrefix)) {
    cursor.skip(kValuePrefix.size());
    if (cursor.peek() != '[')
      ++stats_.unexpected_lines; // print() of a non-tuple
    else if (!feed_tuple(cursor, sink))
      ++stats_.malformed_lines;
    return;
  }
  scratch_.clear();
  if (!cursor.consume('{') || !cursor.read_string_into(scratch_)) {
    ++stats_.malformed_lines;
    return;
  }
  // bpftrace always prints "type" first; anything else takes the slow path.
  if (scratch_ != "type" || !cursor.consume(':')) {
    feed_other(line, sink);
    return;
  }
  scratch_.clear();
  if (!cursor.read_string_into(scratch_)) {
    ++stats_.malformed_lines;
    return;
  }
  if (scratch_ == "value") {
    if (!expect_key(cursor, scratch_, "data")) {
      ++stats_.malformed_lines;
    } else if (cursor.peek() != '[') {
      ++stats_.unexpected_lines; // print() of a non-tuple
    } else if (!feed_tuple(cursor, sink)) {
      ++stats_.malformed_lines;
    }
    return;
  }
  if (scratch_ == "printf") {
    if (!expect_key(cursor, scratch_, "data"))
      ++stats_.malformed_lines;
    else
      feed_printf(cursor);
    return;
  }
  feed_other(line, sink);
}

// Reads the tuple field at the cursor into F (a new Field) with the
// JsonCursor readers (strings, signs, 20 digits, whitespace: what
// feed_tuple's inline scan leaves), and the ',' or ']' after it into SEP.
bool OutputParser::read_field(JsonCursor& cursor, Field& f, char& sep) {
  bool ok = false;
  if (cursor.peek() == '"') {
    f.is_string = true;
    ok = cursor.read_string(arena_, f.str);
  } else {
    ok = cursor.read_integer(f.bits, f.negative, f.number);
  }
  sep = cursor.peek();
  cursor.skip(1);
  return ok && (sep == ',' || sep == ']');
}

namespace {

inline bool is_digit(char c) {
  return static_cast<unsigned char>(c - '0') < 10;
}

} // namespace

bool OutputParser::feed_tuple(JsonCursor& cursor, EventSink& sink) {
  arena_.clear();
  if (!cursor.consume('['))
    return false;
  const std::string_view text = cursor.text();
  std::size_t pos = cursor.position();
  if (std::size_t at = pos; has_direct_)
    if (const Probe* p = direct_probe(text, at); p && scan_direct(text, at, *p))
      return build_direct(text, *p, sink);
  fields_.clear();
  arena_.clear();
  string_fields_ = negative_fields_ = 0;
  const char* const s = text.data();
  // A run of digits stops before the end of a line that ends in a
  // non-digit (a tuple's line ends in "]}"): the scan below then needs no
  // bounds check.
  const bool stops = !is_digit(text.back()); // text has the '[' at least
  char sep = ',';
  while (sep == ',') {
    if (fields_.size() >= kMaxFields)
      return false;
    // Read in place: a Field filled on the stack and then copied stalls
    // on the copy (the readers' narrow stores, then wide loads).
    Field& f = fields_.emplace_back();
    if (stops && pos < text.size()) {
      // The usual field: up to 19 digits right before ',' or ']'.
      std::uint64_t v = 0;
      const std::size_t digits = scan_digits(s + pos, v);
      const char after = s[pos + digits];
      if (digits - 1 < 19 && (after == ',' || after == ']')) {
        f.bits = v;
        f.number = std::string_view(s + pos, digits);
        sep = after;
        pos += digits + 1;
        continue;
      }
    }
    cursor.seek(pos);
    if (!read_field(cursor, f, sep))
      return false;
    pos = cursor.position();
    if (const std::size_t i = fields_.size() - 1; i < kMaskedFields) {
      string_fields_ |= std::uint64_t{f.is_string} << i;
      negative_fields_ |= std::uint64_t{f.negative} << i;
    }
  }
  cursor.seek(pos);
  if (!cursor.consume('}') || !cursor.at_end())
    return false;
  return build_event(text, sink);
}

std::string_view OutputParser::field_text(std::string_view line,
                                          const Field& f) const {
  if (!f.is_string)
    return f.number;
  return string_text(line, f.str);
}

std::string_view
OutputParser::string_text(std::string_view line,
                          const JsonCursor::StringRef& ref) const {
  if (ref.in_arena)
    return std::string_view(arena_).substr(ref.offset, ref.length);
  return line.substr(ref.offset, ref.length);
}

OutputParser::CpuState* OutputParser::cpu_state(std::uint64_t cpu) {
  if (cpu >= kMaxCpus)
    return nullptr;
  if (cpu >= cpus_.size())
    cpus_.resize(cpu + 1);
  return &cpus_[cpu];
}

void OutputParser::note_seq(CpuState& state, std::uint64_t seq) {
  state.max_seq = std::max(state.max_seq, seq);
}

void OutputParser::note_event_seq(CpuState& state, std::uint64_t seq) {
  note_seq(state, numbered_ ? seq : state.max_seq + 1);
}

// Drain marker [-1, SEQ, CPU, ROUND]: raises the CPU's SEQ and, when it
// belongs to the current round, marks the CPU drained.
inline bool OutputParser::take_marker() {
  if (fields_.size() != kMarkerFields)
    return false;
  for (std::size_t i = kProbeField + 1; i < kMarkerFields; ++i)
    if (fields_[i].is_string || fields_[i].negative)
      return false;
  CpuState* state = cpu_state(fields_[kMarkerCpuField].bits);
  if (state == nullptr)
    return false;
  const std::uint64_t seq = fields_[kMarkerSeqField].bits;
  note_seq(*state, seq);
  // A marker of an earlier round only counts as a sequence number.
  if (fields_[kMarkerRoundField].bits == marker_round_) {
    state->marker = true;
    state->marker_seq = std::max(state->marker_seq, seq);
  }
  return true;
}

// Checks the header [P, SEQ, NSECS, TGID, TID, CPU] and counts the tuple as
// received on its CPU; then checks the rest against P's layout. Returns
// P's probe, or nullptr when the tuple is malformed (received or not).
inline const OutputParser::Probe* OutputParser::accept_tuple() {
  const std::size_t n = fields_.size();
  if (fields_[kProbeField].negative ||
      fields_[kProbeField].bits >= probes_.size() || n < kHeaderFields)
    return nullptr;
  // Fields 1 .. kCommField - 1: neither strings nor negative.
  static_assert(kCommField < kMaskedFields);
  constexpr std::uint64_t kHeaderInts =
      ((std::uint64_t{1} << kCommField) - 1) & ~std::uint64_t{1};
  if ((string_fields_ | negative_fields_) & kHeaderInts)
    return nullptr;
  CpuState* state = cpu_state(fields_[kCpuField].bits);
  if (state == nullptr)
    return nullptr;
  ++state->received;
  note_event_seq(*state, fields_[kSeqField].bits);

  const Probe& p = probes_[fields_[kProbeField].bits];
  const auto& slots = p.layout.values;
  if (n != kHeaderFields + slots.size() ||
      fields_[kTgidField].bits > UINT32_MAX ||
      fields_[kTidField].bits > UINT32_MAX)
    return nullptr;
  if (n <= kMaskedFields) // comm and each slot a string exactly when due
    return string_fields_ == p.string_fields ? &p : nullptr;
  if (!fields_[kCommField].is_string)
    return nullptr;
  for (std::size_t i = 0; i < slots.size(); ++i)
    if (fields_[kHeaderFields + i].is_string !=
        (slots[i].kind == gen::ValueKind::String))
      return nullptr;
  return &p;
}

// Fills event_'s header fields (probe, times, ids, comm, function) from an
// accepted tuple.
inline void OutputParser::fill_header(std::string_view line, const Probe& p) {
  TraceEvent& e = event_;
  e.probe = static_cast<int>(fields_[kProbeField].bits);
  e.monotonic_ns = fields_[kNsecsField].bits;
  e.timestamp_ns =
      fields_[kNsecsField].bits + static_cast<std::uint64_t>(clock_offset_ns_);
  e.pid = static_cast<std::uint32_t>(fields_[kTgidField].bits);
  e.tid = static_cast<std::uint32_t>(fields_[kTidField].bits);
  e.cpu = static_cast<std::uint32_t>(fields_[kCpuField].bits);
  e.comm.assign(field_text(line, fields_[kCommField]));
  if (named_probe_ != e.probe)
    e.function.assign(p.layout.function);
}

// Replaces each %K name in args_ by the resolver's text for the address
// in its address slot, and each %U address by the resolver's text ("0x"
// HEX without a resolver).
void OutputParser::resolve_symbols(const Probe& p) {
  const auto& slots = p.layout.values;
  symbol_text_.resize(p.layout.format_args);
  for (std::size_t i = 0; i < p.layout.format_args; ++i) {
    const spec::FormatKind kind = p.format.specifiers[i].kind;
    if (kind == spec::FormatKind::Usym && !args_[i].is_string) {
      symbol_text_[i] = symbols_ != nullptr
                            ? symbols_->user(event_.pid, args_[i].bits, "")
                            : hex_address(args_[i].bits);
      args_[i].is_string = true;
      args_[i].text = symbol_text_[i];
      continue;
    }
    const int a = slots[i].address_index;
    if (symbols_ == nullptr || kind != spec::FormatKind::Ksym || a < 0 ||
        static_cast<std::size_t>(a) >= slots.size() || !args_[i].is_string)
      continue;
    const std::uint64_t address = fields_[kHeaderFields + a].bits;
    symbol_text_[i] = symbols_->kernel(address, args_[i].text);
    args_[i].text = symbol_text_[i];
  }
}

// Fills event_'s ints and strings (every value, when P's layout exposes
// them; else none), reusing the strings of the last event.
inline void OutputParser::fill_exposed_values(std::string_view line,
                                              const Probe& p) {
  TraceEvent& e = event_;
  e.ints.clear();
  std::size_t strings = 0;
  if (p.layout.expose_values) {
    for (std::size_t i = 0; i < p.layout.values.size(); ++i) {
      const Field& f = fields_[kHeaderFields + i];
      if (!f.is_string) {
        e.ints.push_back(static_cast<std::int64_t>(f.bits));
        continue;
      }
      if (strings == e.strings.size())
        e.strings.emplace_back();
      e.strings[strings++].assign(field_text(line, f));
    }
  }
  e.strings.resize(strings);
}

// Fills event_'s format arguments, raw_args (and unreadable_args) and
// message from an accepted tuple's value slots.
inline void OutputParser::fill_format(std::string_view line, const Probe& p) {
  TraceEvent& e = event_;
  const auto& slots = p.layout.values;
  args_.clear();
  e.unreadable_args.clear();
  for (std::size_t i = 0; i < p.layout.format_args; ++i) {
    const Field& f = fields_[kHeaderFields + i];
    args_.push_back(ArgValue{f.is_string, f.bits, field_text(line, f)});
    if (slots[i].read_may_fail && f.is_string && args_.back().text.empty())
      args_.back().text = kUnreadableString;
  }
  resolve_symbols(p);
  e.raw_args.resize(p.raw_arg_slots.size());
  for (std::size_t k = 0; k < p.raw_arg_slots.size(); ++k) {
    const std::size_t i = p.raw_arg_slots[k];
    if (named_probe_ != e.probe)
      e.raw_args[k].first.assign(slots[i].name);
    if (args_[i].text.data() == kUnreadableString) {
      e.raw_args[k].second.clear();
      e.unreadable_args.push_back(slots[i].name);
      ++stats_.unreadable_strings;
    } else {
      e.raw_args[k].second.assign(args_[i].text);
    }
  }
  named_probe_ = e.probe;
  e.message.clear();
  append_message(e.message, p.format, args_);
}

// Fills event_'s raw_args, message, ints/strings and retval from an
// accepted tuple's value slots.
inline void OutputParser::fill_values(std::string_view line, const Probe& p) {
  TraceEvent& e = event_;
  // A probe without format arguments (the syscalls program's) has no
  // raw_args and the same message, its format's text, every time: the
  // last event's are kept while the probe stays the same.
  if (p.layout.format_args > 0 || named_probe_ != e.probe)
    fill_format(line, p);
  fill_exposed_values(line, p);
  if (p.layout.retval_index >= 0)
    e.retval = static_cast<std::int64_t>(
        fields_[kHeaderFields + p.layout.retval_index].bits);
  else
    e.retval.reset();
  e.process_start_ns = 0;
  if (p.layout.start_index >= 0) {
    // On the event clock: moved to the wall clock like NSECS.
    const Field& f = fields_[kHeaderFields + p.layout.start_index];
    if (!f.negative && f.bits != 0)
      e.process_start_ns =
          f.bits + static_cast<std::uint64_t>(clock_offset_ns_);
  }
}

bool OutputParser::build_event(std::string_view line, EventSink& sink) {
  if (fields_[kProbeField].is_string)
    return false;
  if (static_cast<std::int64_t>(fields_[kProbeField].bits) == gen::kMarkerProbe)
    return take_marker();
  const Probe* p = accept_tuple();
  if (p == nullptr)
    return false;
  fill_header(line, *p);
  fill_values(line, *p);
  deliver(fields_[kSeqField].bits, sink);
  return true;
}

void OutputParser::deliver(std::uint64_t seq, EventSink& sink) {
  TraceEvent& e = event_;
  e.kernel_stack.clear();
  e.user_stack.clear();
  e.user_stack_modules.clear();
  if (!pending_stacks_.empty())
    attach_stacks(e.cpu, seq);
  ++stats_.events;
  sink.on_event(e);
}

std::uint64_t OutputParser::dropped() const {
  std::uint64_t total = 0;
  for (const CpuState& s : cpus_)
    if (s.max_seq > s.received)
      total += s.max_seq - s.received;
  return total;
}

std::size_t OutputParser::markers_seen() const {
  return static_cast<std::size_t>(std::count_if(
      cpus_.begin(), cpus_.end(), [](const CpuState& s) { return s.marker; }));
}

bool OutputParser::marker_seen(std::uint32_t cpu, std::uint64_t min_seq) const {
  return cpu < cpus_.size() && cpus_[cpu].marker &&
         cpus_[cpu].marker_seq >= min_seq;
}

bool OutputParser::all_markers_seen(std::uint32_t cpu_count) const {
  for (std::uint32_t cpu = 0; cpu < cpu_count; ++cpu)
    if (!marker_seen(cpu))
      return false;
  return true;
}

std::uint64_t OutputParser::reset_markers() {
  for (CpuState& s : cpus_) {
    s.marker = false;
    s.marker_seq = 0;
  }
  return ++marker_round_;
}

void OutputParser::fill_summary(Summary& summary,
                                std::uint32_t cpu_count) const {
  summary.events_dropped = dropped();
  summary.lost_reported = stats_.lost_reported;
  summary.lost_records = stats_.lost_records;
  summary.helper_errors = stats_.helper_errors;
  summary.unreadable_strings = stats_.unreadable_strings;
  summary.malformed_lines = stats_.malformed_lines;
  summary.drained = all_markers_seen(cpu_count);
  summary.loss_exact = summary.drained || seq_counts_seen_;
}

} // namespace sctrace::events
