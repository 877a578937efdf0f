// JSON and JSONL writers (see writer.h for the object shapes).
//  - JsonWriter: one document {"events":[...],"summary":{...}}, one event
//    per line inside the array so partial output is still greppable.
//  - JsonlWriter: one event object per line, then {"summary":{...}}.
#pragma once

#include "events/writer.h"

namespace sctrace::events {

class JsonWriter : public EventWriter {
public:
  explicit JsonWriter(std::ostream& out) : EventWriter(out) {}
  void write_header() override;
  void event(const TraceEvent& event) override;
  void finish(const Summary& summary) override;

private:
  bool any_event_ = false;
};

class JsonlWriter : public EventWriter {
public:
  explicit JsonlWriter(std::ostream& out) : EventWriter(out) {}
  void event(const TraceEvent& event) override;
  void finish(const Summary& summary) override;

private:
  // An event's line is written here, kept at its largest size so that no
  // event pays for growing or zero-filling it.
  std::string line_;
};

} // namespace sctrace::events
