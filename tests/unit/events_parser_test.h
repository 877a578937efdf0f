// Shared helpers for the OutputParser tests.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "events/bpftrace_parser.h"

namespace sctrace::events::testing {

// Collects copies of every event.
class CollectSink : public EventSink {
public:
  void on_event(const TraceEvent& event) override { events.push_back(event); }
  std::vector<TraceEvent> events;
};

// Probe 0: openat entry "%s flags=%x" (filename, flags).
// Probe 1: openat return "ret %d" (retval), retval_index 0.
inline gen::ProgramLayout openat_layout() {
  gen::ProgramLayout layout;
  gen::ProbeLayout entry;
  entry.function = "openat";
  entry.probe = "tracepoint:syscalls:sys_enter_openat";
  entry.format = "%s flags=%x";
  entry.values = {{gen::ValueKind::String, "args->filename"},
                  {gen::ValueKind::Int, "args->flags"}};
  entry.format_args = 2;
  gen::ProbeLayout ret;
  ret.function = "openat";
  ret.probe = "tracepoint:syscalls:sys_exit_openat";
  ret.format = "ret %d";
  ret.values = {{gen::ValueKind::Int, "retval"}};
  ret.format_args = 1;
  ret.retval_index = 0;
  layout.probes = {entry, ret};
  return layout;
}

inline OutputParser make_parser(gen::ProgramLayout layout = openat_layout(),
                                std::int64_t offset = 0) {
  auto parser = OutputParser::create(std::move(layout), offset);
  EXPECT_TRUE(parser.ok()) << parser.error().message;
  return std::move(parser).value();
}

} // namespace sctrace::events::testing
