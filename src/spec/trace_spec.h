// TraceSpec: one probe to trace, as a passive value.
//
// A TraceSpec is what a trace.py-style spec string
// (`[p|r|t|u]:[library]:function[+offset] [(filter)] ["format"[, arg...]]`),
// the fluent TraceSpecBuilder, or a JSON request describes. Its filter and
// arguments are Expressions (spec/expr.h): each text is parsed once, where
// the spec is made, and the validator and the generator share that tree.
// A TraceSpec is copyable (copies share the trees), compares by text and
// round-trips through JSON.
//
// Invariants of a validated spec (parse_probe, TraceSpecBuilder::Build and
// plan_from_json all enforce them):
//  - target is non-empty and matches [A-Za-z_][A-Za-z0-9_.]* (USDT targets
//    are [provider:]probe, each [A-Za-z_][A-Za-z0-9_-]*); library is a
//    name or a path (empty for u::probe, found in the -p process);
//  - every argument is a non-empty Expression;
//  - the format's specifiers match the arguments in number and kind.
// What the whole session is limited to (duration, pid, stacks, ...) is a
// separate spec::SessionOptions (spec/session_options.h).
#pragma once

#include <cstdint>
#include <string>

#include "spec/expr.h"
#include <vector>

namespace sctrace::spec {

// trace.py's probe types. Entry/Return with a library are uprobes.
enum class ProbeType {
  Entry,      // "p": kprobe, or uprobe when library is set
  Return,     // "r": kretprobe, or uretprobe when library is set
  Tracepoint, // "t": library is the category, target the event
  Usdt,       // "u": library is the binary, target the probe
};

// One-letter trace.py name of a probe type ("p", "r", "t", "u").
const char* probe_type_letter(ProbeType type);

struct TraceSpec {
  ProbeType probe_type = ProbeType::Entry;
  std::string library; // uprobe library/binary, tracepoint category, USDT bin
  std::string target;  // function, syscall, tracepoint event or USDT probe
  std::uint64_t offset = 0; // +offset for p probes
  std::string format;       // trace.py format string; empty = default action
  std::vector<Expression> arguments; // one per specifier
  Expression filter;                 // empty = always true

  bool operator==(const TraceSpec&) const = default;
};

} // namespace sctrace::spec
