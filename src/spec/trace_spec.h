// TraceSpec: one probe to trace, as a passive value.
//
// A TraceSpec is what a trace.py-style spec string
// (`[p|r|t|u]:[library]:function[+offset] [(filter)] ["format"[, arg...]]`),
// the fluent TraceSpecBuilder, or a JSON request describes. It holds text
// (filter and argument expressions) rather than parsed trees, so it is
// copyable, comparable and round-trips through JSON; the parser in this
// library validates that text, and the generator parses it again.
//
// Invariants of a validated spec (parse_probe, TraceSpecBuilder::Build and
// plan_from_json all enforce them):
//  - target is non-empty and matches [A-Za-z_][A-Za-z0-9_.]* (USDT targets
//    may be provider:probe); library is a name or a path;
//  - filter and every argument parse as expressions (spec/expr.h);
//  - the format's specifiers match the arguments in number and kind.
// What the whole session is limited to (duration, pid, stacks, ...) is a
// separate spec::SessionOptions (spec/session_options.h).
#pragma once

#include <cstdint>
#include <string>
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
  std::vector<std::string> arguments; // expression text per specifier
  std::string filter;                 // expression text; empty = always true

  bool operator==(const TraceSpec&) const = default;
};

} // namespace sctrace::spec
