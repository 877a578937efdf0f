// OutputParser: turns the lines bpftrace prints with `-f json` into
// TraceEvents, following the wire contract in gen/layout.h.
//
// Contract:
//  - feed() takes one line without its newline and never throws. Each line
//    is exactly one of:
//      blank                      -> ignored (bpftrace prints "\n\n" at exit)
//      value tuple [P>=0, ...]    -> one TraceEvent to the sink, or malformed
//      drain marker [-1, SEQ, CPU, ROUND] -> marker bookkeeping
//      printf "\x1eSTACK K|U CPU SEQ\n<frames>" -> stack for a later event
//      other printf / value       -> unexpected_lines
//      lost_events                -> lost_reported += N
//      helper_error               -> helper_errors, last few kept
//      attached_probes            -> attached, attached_probes
//      map, hist, stats           -> parsed once into a MapRecord
//                                    (map_record.h; one that does not parse
//                                    -> malformed_lines), then the sink's
//                                    on_map(), then kept in maps() unless
//                                    the sink took it; @sctrace_seq
//                                    -> drop accounting instead
//      any other record type      -> unexpected_lines
//      anything not parseable     -> malformed_lines
//  - A tuple is checked against the layout: its length, the kind of every
//    field and the ranges of PID/TID/CPU. Any mismatch makes the line
//    malformed; no value is ever assigned to the wrong field.
//  - Strings keep the kernel's exact bytes (bpftrace's \uffffffXX escapes
//    are decoded back to bytes, see json_scan.h).
//  - The event passed to the sink is owned by the parser and reused for the
//    next line; sinks copy what they keep.
//
// Drop accounting: SEQ is a per-CPU 1-based counter of emitted events, so
// for each CPU, (highest SEQ seen in events and markers) - (events received)
// is exactly how many events that CPU emitted that never reached us. A
// tuple whose probe, SEQ and CPU parse counts as received even if the rest
// is malformed (it is reported in malformed_lines, not twice as dropped).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "events/event.h"
#include "events/json_scan.h"
#include "events/map_record.h"
#include "events/message.h"
#include "events/symbols.h"
#include "gen/layout.h"
#include "spec/parser.h"
#include "util/result.h"

namespace sctrace::events {

// CLOCK_REALTIME - CLOCK_MONOTONIC now, in ns: add it to bpf_ktime_get_ns()
// to get wall-clock time.
std::int64_t realtime_offset_ns();

// Receives events from OutputParser::feed().
class EventSink {
public:
  virtual ~EventSink() = default;
  virtual void on_event(const TraceEvent& event) = 0;
  // A printed map (map, hist or stats record), before the parser keeps it
  // in maps(). Returns true when the sink has taken it, so the parser does
  // not keep it.
  virtual bool on_map(const MapRecord& map) {
    (void)map;
    return false;
  }
};

// An EventSink that calls a function (handy in tests and small tools).
class CallbackSink : public EventSink {
public:
  explicit CallbackSink(std::function<void(const TraceEvent&)> fn)
      : fn_(std::move(fn)) {}
  void on_event(const TraceEvent& event) override { fn_(event); }

private:
  std::function<void(const TraceEvent&)> fn_;
};

// One bpftrace helper_error record (0.23 adds msg; 0.17 leaves it empty).
struct HelperError {
  std::string helper;
  std::int64_t retcode = 0;
  std::string msg;
  std::int64_t line = 0;
  std::int64_t col = 0;
};

struct ParserStats {
  std::uint64_t lines = 0;  // non-blank lines fed
  std::uint64_t events = 0; // events delivered to the sink
  std::uint64_t malformed_lines = 0;
  std::uint64_t unexpected_lines = 0; // printf/value lines not in the contract
  std::uint64_t lost_reported = 0;    // sum of lost_events records
  std::uint64_t lost_records = 0;     // number of lost_events records
  std::uint64_t helper_errors = 0;
  // %s values read through a pointer that came back empty: unreadable
  // (TraceEvent::unreadable_args), counted once per argument name.
  std::uint64_t unreadable_strings = 0;
  // helper errors of map_update_elem with -EEXIST: an aggregation's update
  // that bpftrace 0.23 dropped because another CPU created the same key at
  // that moment (gen::Dialect::racy_key_creation); one update lost each.
  std::uint64_t map_updates_lost = 0;
  std::uint64_t stacks = 0;        // stack records attached to events
  std::uint64_t orphan_stacks = 0; // stack records whose event never came
  bool attached = false;           // attached_probes seen
  std::uint64_t attached_probes = 0;
};

class OutputParser {
public:
  // Parses every probe's format once. Fails (ErrorKind::Invalid) when a
  // format does not parse or does not match the probe's value slots in
  // number and kind, or retval_index is out of range / not an integer.
  static Result<OutputParser> create(gen::ProgramLayout layout,
                                     std::int64_t clock_offset_ns);

  void feed(std::string_view line, EventSink& sink);

  const ParserStats& stats() const { return stats_; }

  // %K/%U values and user stack frames are printed by RESOLVER (not
  // owned; may be null: then bpftrace's ksym() names are printed as they
  // came, user addresses as "0x" HEX, events/symbols.h).
  void set_symbol_resolver(SymbolResolver* resolver) { symbols_ = resolver; }

  // Exact number of events emitted by the kernel and never received
  // (sum over CPUs of highest SEQ - events received). The highest SEQ
  // comes from events, markers and the @sctrace_seq map bpftrace prints at
  // exit, so events still queued when bpftrace was stopped are counted
  // too, drained or not.
  std::uint64_t dropped() const;

  // Number of CPUs whose drain marker has arrived (since reset_markers()).
  std::size_t markers_seen() const;
  // True when a marker with SEQ >= min_seq arrived for cpu (since
  // reset_markers()). Markers carry the CPU's event count when they fired,
  // so min_seq 0 asks "any marker".
  bool marker_seen(std::uint32_t cpu, std::uint64_t min_seq = 0) const;
  // True when a marker arrived from every CPU in [0, cpu_count).
  bool all_markers_seen(std::uint32_t cpu_count) const;
  // Forgets markers (not sequence counts) and starts a new marker round,
  // whose number it returns: from then on only markers carrying that
  // number count as seen (an earlier round's, still behind a backlog,
  // would end a drain before the backlog is read; bpftrace 0.23 throws
  // away what is left in its ring when it is stopped). Before the first
  // call the round is 0. The number carries the marker token (see
  // use_marker_token) in its upper 32 bits.
  std::uint64_t reset_markers();
  // The session's marker token (gen::GenOptions::marker_token): rounds are
  // numbered token << 32 | n, so only this session's markers count. Call
  // before the first reset_markers().
  void use_marker_token(std::uint32_t token) {
    marker_round_ = static_cast<std::uint64_t>(token) << 32;
  }

  // Last few helper errors, oldest first (at most kKeptHelperErrors).
  static constexpr std::size_t kKeptHelperErrors = 8;
  const std::deque<HelperError>& helper_errors() const {
    return helper_errors_;
  }

  // The printed maps no sink took, in output order (at most kMaxMaps).
  const std::vector<MapRecord>& maps() const { return maps_; }

  // Fills total/dropped/lost/helper/malformed/drained/loss_exact fields of
  // a summary (drained = markers from all cpu_count CPUs; loss_exact =
  // drained, or bpftrace printed its per-CPU counts at exit).
  void fill_summary(Summary& summary, std::uint32_t cpu_count) const;
  // bpftrace printed @sctrace_seq, every CPU's count of events, at exit.
  bool seq_counts_seen() const { return seq_counts_seen_; }
  // Whether each event carries its SEQ (gen::ProgramLayout::numbered):
  // then dropped() counts every loss before the latest event read; else
  // the losses before the latest marker or the exit's counts.
  bool numbered() const { return numbered_; }

private:
  // Bounds on what misbehaving output can make the parser keep.
  static constexpr std::size_t kMaxPendingStacks = 4096;
  static constexpr std::size_t kMaxMaps = 65536;

  struct Probe {
    gen::ProbeLayout layout;
    spec::ParsedFormat format;
    // The format arguments that become raw_args: the first of each name
    // ("%d %x", arg1, arg1 gives one arg1), worked out once in create().
    std::vector<std::size_t> raw_arg_slots;
    // Bit I set when the tuple's field I is a string (comm and the
    // String slots), for tuples of at most kMaskedFields fields; 0 beyond.
    std::uint64_t string_fields = 0;
    // Its tuples are scanned straight into event_ (parser_direct.cpp): an
    // expose_values probe without format arguments or start slot, of at
    // most kMaskedFields fields. int_values and string_values count its
    // slots of each kind; retval_int is retval_index among the Int slots.
    bool direct = false;
    std::size_t int_values = 0, string_values = 0;
    int retval_int = -1;
    // The Int slots before each String slot, then those after the last
    // (string_values + 1 counts).
    std::vector<std::uint8_t> int_runs = {};
  };
  // Tuples up to this many fields are checked by masks (string_fields_,
  // negative_fields_) rather than field by field.
  static constexpr std::size_t kMaskedFields = 64;
  struct CpuState {
    std::uint64_t received = 0;
    std::uint64_t max_seq = 0;
    std::uint64_t marker_seq = 0;
    bool marker = false;
  };
  struct Field {
    bool is_string = false;
    std::uint64_t bits = 0;
    bool negative = false;
    JsonCursor::StringRef str; // string fields
    std::string_view number;   // integer fields: the token text
  };
  struct PendingStack {
    std::uint32_t cpu = 0;
    std::uint64_t seq = 0;
    bool kernel = false;
    bool addresses = false;          // trace.py's -a
    std::vector<std::string> frames; // kernel stacks
    std::vector<std::uint64_t> user; // user stacks, symbolised on attach
  };

  OutputParser(std::vector<Probe> probes, std::int64_t clock_offset_ns);

  bool feed_tuple(JsonCursor& cursor, EventSink& sink);
  bool read_field(JsonCursor& cursor, Field& f, char& sep);
  // @sctrace_seq, {"CPU": count, ...}: raises each CPU's highest SEQ.
  void note_seq_map(const MapRecord& counts);
  bool build_event(std::string_view line, EventSink& sink);
  // build_event()'s steps (defined inline in the .cpp, used only there).
  // take_marker: the drain marker in fields_ (PROBE is kMarkerProbe);
  // false when it does not have the marker's shape.
  bool take_marker();
  const Probe* accept_tuple();
  void fill_header(std::string_view line, const Probe& p);
  // Sets event_'s format arguments, raw_args, message, ints/strings and
  // retval from the value fields (after the header) of probe P's event.
  void fill_values(std::string_view line, const Probe& p);
  // fill_values()' format part: args_, raw_args, unreadable_args, message.
  void fill_format(std::string_view line, const Probe& p);
  void fill_exposed_values(std::string_view line, const Probe& p);
  void resolve_symbols(const Probe& p);
  void feed_printf(JsonCursor& cursor);
  void feed_other(std::string_view line, EventSink& sink);
  // A helper_error record: counts it (and a lost map update for
  // map_update_elem -EEXIST) and keeps it among the last few.
  void note_helper_error(HelperError error);
  // A map, hist or stats record, parsed: to drop accounting (@sctrace_seq),
  // the sink, or maps().
  void feed_map(Result<MapRecord> map, EventSink& sink);
  CpuState* cpu_state(std::uint64_t cpu);
  void note_seq(CpuState& state, std::uint64_t seq);
  // An event's SEQ; in a counted program (SEQ 0) the next after the
  // highest known, so that a marker's or the exit's count shows exactly
  // the events lost before it, even once later events have arrived.
  void note_event_seq(CpuState& state, std::uint64_t seq);
  void attach_stacks(std::uint32_t cpu, std::uint64_t seq);
  void symbolise_user_stack(const PendingStack& stack);
  std::string_view field_text(std::string_view line, const Field& f) const;
  std::string_view string_text(std::string_view line,
                               const JsonCursor::StringRef& ref) const;
  // Sends event_ (filled) to the sink with the stacks of SEQ on its CPU.
  void deliver(std::uint64_t seq, EventSink& sink);

  // The direct path (parser_direct.cpp) for the tuples of direct probes:
  // each value is scanned once into event_ (ints) or a StringRef, with no
  // Field record. A line it does not take as a whole (another shape,
  // whitespace, a sign in the header, a field of the wrong kind) goes to
  // the Field path, which decides; nothing is counted before then.
  // direct_probe: the direct probe named by the tuple's first field at
  // POS (then moved past its ','), or null.
  static void plan_direct(Probe& p); // sets direct .. retval_int
  const Probe* direct_probe(std::string_view line, std::size_t& pos);
  // The rest of P's tuple from POS into direct_header_, direct_comm_,
  // direct_strings_ and event_.ints; false when it is not in that shape.
  bool scan_direct(std::string_view line, std::size_t pos, const Probe& p);
  // accept_tuple() and build_event() for a scanned direct tuple.
  bool build_direct(std::string_view line, const Probe& p, EventSink& sink);

  std::vector<Probe> probes_;
  std::int64_t clock_offset_ns_ = 0;
  ParserStats stats_;
  std::vector<CpuState> cpus_;
  std::vector<PendingStack> pending_stacks_;
  std::deque<HelperError> helper_errors_;
  std::uint64_t marker_round_ = 0; // reset_markers()
  bool seq_counts_seen_ = false;   // @sctrace_seq printed at exit
  bool numbered_ = true;           // gen::ProgramLayout::numbered
  std::vector<MapRecord> maps_;

  // Reused per line so a steady stream of events does not allocate.
  TraceEvent event_;
  // The probe whose function and raw_args names event_ holds (set by
  // fill_header/fill_format; -1: none yet): the next event of the same
  // probe keeps them instead of copying them again, and for a probe
  // without format arguments its (empty) raw_args and message too.
  int named_probe_ = -1;
  std::vector<Field> fields_;
  // Bit I set when fields_[I] (I < kMaskedFields) is a string or a
  // negative number: set by feed_tuple's read_field path (the inline scan
  // reads neither), for accept_tuple.
  std::uint64_t string_fields_ = 0, negative_fields_ = 0;
  // The direct path's header numbers (PROBE .. CPU), comm and string
  // values (sized for the probe with the most); has_direct_: some probe is
  // direct (else feed_tuple() goes straight to the Field path).
  bool has_direct_ = false;
  std::uint64_t direct_header_[gen::kCommField] = {};
  JsonCursor::StringRef direct_comm_;
  std::vector<JsonCursor::StringRef> direct_strings_;
  std::vector<ArgValue> args_;
  SymbolResolver* symbols_ = nullptr;
  std::vector<std::string> symbol_text_; // per format argument, reused
  std::string arena_;
  std::string scratch_;
};

} // namespace sctrace::events
