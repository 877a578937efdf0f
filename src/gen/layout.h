// The wire contract between a generated bpftrace program and the event
// parser.
//
// Every traced event leaves bpftrace (run with `-f json`) as one JSON line
//   {"type": "value", "data": [PROBE, SEQ, NSECS, TGID, TID, CPU, "COMM",
//                              V1, ..., Vn]}
// printed by `print((...))`, so each string field is escaped on its own and
// no byte in a file name or comm can shift or forge a field.
//  - PROBE (>= 0) indexes ProgramLayout::probes.
//  - SEQ is the 1-based per-CPU count of events emitted on CPU so far; gaps
//    per CPU are exactly the events the kernel dropped. In a counted
//    program (ProgramLayout::numbered false: Dialect::counted_events and no
//    stacks) SEQ is 0: the kernel keeps each CPU's count in a per-CPU
//    count() (an update in place, where numbering each event costs a map
//    update), and only the drain markers and bpftrace's print of that map
//    at exit carry it, so the loss is known there rather than per event.
//  - NSECS is bpf_ktime_get_ns() (CLOCK_MONOTONIC).
//  - V1..Vn follow ProbeLayout::values. A probe whose layout has a
//    start_index carries the process start time in that value slot
//    (gen/task_fields.h process_start): pid and start time name one process
//    even after the kernel reuses its pid. The trace mode adds it to every
//    probe; the syscalls mode, which keeps no per-process tally and whose
//    tuples fill bpftrace 0.17's 512-byte stack, does not.
//
// Special records:
//  - Drain marker: [-1, SEQ, CPU, ROUND] where SEQ is the CPU's event count
//    at the time the marker fired and ROUND the drain round that fired it
//    (getcpu()'s unused argument). Once a marker of the current round has
//    arrived from every CPU, all
//    events emitted before it on that CPU have been read (each CPU's buffer
//    is FIFO), so bpftrace can be stopped without loss.
//  - Stacks: a printf line "\x1eSTACK K|U CPU SEQ\n<frames>" that precedes
//    the event (same CPU, same SEQ) it belongs to.
//
// This file is the one definition of that contract: the field indices the
// parser reads (kProbeField.., kMarker*Field) and the bpftrace text the
// templates print (event_header(), marker_tuple(), kSeqNext/kSeqStore,
// stack_print()) are built from the same constants. Templates get that text
// as mustache values (gen/render.h) and never write a tuple out themselves.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sctrace::gen {

// The JSON kind of one value slot.
enum class ValueKind {
  Int,    // JSON integer (may be negative)
  String, // JSON string (bpftrace's escaping, \uffffffXX for bytes >= 0x80)
};

// How the parser should present one value.
struct ValueSlot {
  ValueKind kind = ValueKind::Int;
  std::string name; // key in raw_args: the argument expression text
  // A %s value bpftrace read through a pointer (gen::string_read_may_fail):
  // "" means the read failed or the string was empty, which bpftrace does
  // not tell apart; the parser reports it as unreadable, never as "".
  bool read_may_fail = false;
  // A %K value (bpftrace's ksym() name): the index in values of the Int
  // slot that carries its address, or -1. A %U value is an Int slot, the
  // address itself, which the parser symbolises (events/symbols.h).
  int address_index = -1;
};

struct ProbeLayout {
  std::string function; // FUNC column: function, tracepoint event, USDT probe
  std::string probe;    // the bpftrace probe, e.g. tracepoint:syscalls:...
  std::string format;   // trace.py format string applied in user space
  // values[0 .. format_args-1] are the format arguments in specifier order;
  // slots after them are extras the generator adds (the return value of a
  // return probe when it is not already an argument).
  std::vector<ValueSlot> values;
  std::size_t format_args = 0;
  int retval_index = -1; // index in values of the return value, or -1
  int start_index = -1;  // index in values of the process start, or -1
  bool kernel_stack = false;
  bool user_stack = false;
  // Also hand every value to the sink as numbers and strings
  // (TraceEvent::ints / strings), for consumers that decode values
  // themselves instead of reading the formatted message.
  bool expose_values = false;
};

// Event tuple: the header fields, then V1..Vn from index kHeaderFields.
inline constexpr std::size_t kProbeField = 0; // PROBE, >= 0
inline constexpr std::size_t kSeqField = 1;   // SEQ
inline constexpr std::size_t kNsecsField = 2; // NSECS
inline constexpr std::size_t kTgidField = 3;  // TGID (bpftrace's pid)
inline constexpr std::size_t kTidField = 4;   // TID
inline constexpr std::size_t kCpuField = 5;   // CPU
inline constexpr std::size_t kCommField = 6;  // COMM, the only string
inline constexpr std::size_t kHeaderFields = 7;

// Drain marker tuple: [kMarkerProbe, SEQ, CPU, ROUND].
inline constexpr std::int64_t kMarkerProbe = -1;
inline constexpr std::size_t kMarkerSeqField = 1;
inline constexpr std::size_t kMarkerCpuField = 2;
inline constexpr std::size_t kMarkerRoundField = 3;
inline constexpr std::size_t kMarkerFields = 4;

inline constexpr char kStackTag[] = "\x1eSTACK ";

// The name of a start_index slot (its value: gen/task_fields.h
// process_start) in ProbeLayout::values.
inline constexpr char kProcessStartSlot[] = "process_start";

// The bpftrace side. $sctrace_seq holds the event's SEQ; @sctrace_seq[cpu]
// the CPU's count (printed by bpftrace at exit, read by the marker).
inline constexpr char kSeqVar[] = "$sctrace_seq";
// The two statements that number an event, in this order, before its
// stacks and its tuple are printed.
inline constexpr char kSeqNext[] = "$sctrace_seq = @sctrace_seq[cpu] + 1;";
inline constexpr char kSeqStore[] = "@sctrace_seq[cpu] = $sctrace_seq;";
// The same two places in a counted program: the CPU's count, and SEQ 0.
inline constexpr char kSeqCount[] = "@sctrace_seq[cpu] = count();";
inline constexpr char kSeqZero[] = "$sctrace_seq = 0;";

namespace detail {
template <std::size_t N>
std::string join_fields(const std::array<std::string_view, N>& fields) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0)
      out += ", ";
    out += fields[i];
  }
  return out;
}
} // namespace detail

// The bpftrace text of an event tuple's header fields, "PROBE, SEQ, NSECS,
// pid, tid, cpu, comm", for probe id PROBE (a decimal number) and the
// kernel time NSECS (an expression; the syscalls mode prints the entry's
// timestamp). The values follow it inside the same print((...)). TGID,
// TID and COMM name another task's when the event is about one (a signal
// the current task sends): expressions of the same types as the builtins.
inline std::string event_header(std::string_view probe,
                                std::string_view nsecs = "nsecs",
                                std::string_view tgid = "pid",
                                std::string_view tid = "tid",
                                std::string_view comm = "comm") {
  std::array<std::string_view, kHeaderFields> f;
  f[kProbeField] = probe;
  f[kSeqField] = kSeqVar;
  f[kNsecsField] = nsecs;
  f[kTgidField] = tgid;
  f[kTidField] = tid;
  f[kCpuField] = "cpu";
  f[kCommField] = comm;
  return detail::join_fields(f);
}

// The bpftrace text of the drain marker's tuple for round expression ROUND.
inline std::string marker_tuple(std::string_view round) {
  const std::string probe = std::to_string(kMarkerProbe);
  std::array<std::string_view, kMarkerFields> f;
  f[kProbeField] = probe;
  f[kMarkerSeqField] = "@sctrace_seq[cpu]";
  f[kMarkerCpuField] = "cpu";
  f[kMarkerRoundField] = round;
  return detail::join_fields(f);
}

// The printf statement of a stack record: KIND 'K' prints kstack, 'U'
// the user stack's addresses, tagged with the CPU and the SEQ of the event
// that follows. bpftrace never symbolises user addresses (libbcc's
// symcache before 0.33 closes a junk fd on its perf-PID.map path, bcc PR
// 5193: bpftrace lost its own epoll fd that way); sctrace does
// (events/symbols.h). RAW_USER (gen::Dialect::raw_user_stacks) prints
// "ustack(raw)" (0.23: HEX a line), else "ustack", which bpftrace 0.17
// prints as "0x" HEX lines under BPFTRACE_NO_USER_SYMBOLS=1 (set for
// every run, engine/session.cpp). 'k' and 'u' are the same stacks with
// each frame's address (trace.py's -a): 'k' prints kstack(perf) ("\t" HEX
// " " FRAME lines; kernel names hold no line break), 'u' what 'U' prints.
inline std::string stack_print(char kind, bool raw_user = false) {
  const std::string head = std::string("printf(\"\\x1eSTACK ") + kind;
  if (kind == 'K')
    return head + " %d %d\\n%s\", cpu, " + kSeqVar + ", kstack);";
  if (kind == 'k')
    return head + " %d %d\\n%s\", cpu, " + kSeqVar + ", kstack(perf));";
  return head + " %d %d\\n%s\", cpu, " + kSeqVar + ", " +
         (raw_user ? "ustack(raw)" : "ustack") + ");";
}

// The environment variable, and its value, that keeps bpftrace 0.17 from
// symbolising user addresses (see stack_print).
inline constexpr char kNoUserSymbolsEnv[] = "BPFTRACE_NO_USER_SYMBOLS";

struct ProgramLayout {
  std::vector<ProbeLayout> probes; // index = PROBE field
  // Whether SEQ numbers the events (else 0: a counted program, see SEQ).
  bool numbered = true;
};

} // namespace sctrace::gen
