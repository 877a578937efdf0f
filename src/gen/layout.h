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
//    per CPU are exactly the events the kernel dropped.
//  - NSECS is bpf_ktime_get_ns() (CLOCK_MONOTONIC).
//  - V1..Vn follow ProbeLayout::values.
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
#pragma once

#include <cstdint>
#include <string>
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
  bool kernel_stack = false;
  bool user_stack = false;
  // Also hand every value to the sink as numbers and strings
  // (TraceEvent::ints / strings), for consumers that decode values
  // themselves instead of reading the formatted message.
  bool expose_values = false;
};

inline constexpr std::int64_t kMarkerProbe = -1;
inline constexpr char kStackTag[] = "\x1eSTACK ";

struct ProgramLayout {
  std::vector<ProbeLayout> probes; // index = PROBE field
};

} // namespace sctrace::gen
