// TraceSpecBuilder: a fluent way to describe one probe in code.
//
//   auto plan = TraceSpecBuilder()
//                   .Kprobe("__x64_sys_write")
//                   .Format("write %d bytes", {"arg3"})
//                   .Duration(30)
//                   .Build(); // plan->spec, plan->options
//
// Contract:
//  - Setters only record values; they never fail. Method names are
//    PascalCase because the product specification names them so.
//  - Probe setters (Kprobe ... Usdt) replace the probe type, library, target
//    and offset; they do not touch the format, filter or options.
//  - Option setters (Duration ... UserStack) fill the session's
//    SessionOptions, not the probe: Build() returns both as a TracePlan,
//    BuildSpec() the probe alone (for a session of several probes).
//  - Kprobe("sys_write") just records an entry probe on "sys_write"; the
//    generator maps syscall names to tracepoints.
//  - BuildSpec() parses the filter and argument texts (once, into the
//    spec's Expressions), runs validate() (spec/parser.h) and returns the
//    spec or the same Error that parse_probe() gives for the same mistake
//    (minus the position); Build() runs it and then
//    validate(SessionOptions).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "spec/session_options.h"
#include "spec/trace_spec.h"
#include "util/result.h"

namespace sctrace::spec {

class TraceSpecBuilder {
public:
  TraceSpecBuilder() = default;

  TraceSpecBuilder& Kprobe(std::string function);
  TraceSpecBuilder& Kretprobe(std::string function);
  TraceSpecBuilder& Uprobe(std::string library, std::string function);
  TraceSpecBuilder& Uretprobe(std::string library, std::string function);
  TraceSpecBuilder& Tracepoint(std::string category, std::string event);
  // probe_name is "name" or "provider:name".
  TraceSpecBuilder& Usdt(std::string binary, std::string probe_name);
  TraceSpecBuilder& Offset(std::uint64_t offset);

  // format is the decoded trace.py format string; arguments are expression
  // texts, one per specifier.
  TraceSpecBuilder& Format(std::string format,
                           std::vector<std::string> arguments = {});
  TraceSpecBuilder& Filter(std::string expression);

  TraceSpecBuilder& Duration(int seconds);
  TraceSpecBuilder& ProcessName(std::string name);
  TraceSpecBuilder& Pid(std::int64_t pid);
  TraceSpecBuilder& Tid(std::int64_t tid);
  TraceSpecBuilder& Uid(std::int64_t uid);
  TraceSpecBuilder& Cgroup(std::string path);
  TraceSpecBuilder& MaxEvents(std::uint64_t count);
  TraceSpecBuilder& KernelStack(bool enable = true);
  TraceSpecBuilder& UserStack(bool enable = true);

  Result<TracePlan> Build() const;
  Result<TraceSpec> BuildSpec() const;

private:
  TraceSpecBuilder& probe(ProbeType type, std::string library,
                          std::string target);

  TraceSpec spec_; // without filter and arguments: parsed by BuildSpec()
  std::string filter_;
  std::vector<std::string> arguments_;
  SessionOptions options_;
};

} // namespace sctrace::spec
