// Fuzz target: the bpftrace `-f json` output parser (events::OutputParser)
// and the event writers behind it.
//
// Input: the first byte picks one of four layouts (openat entry/return,
// one integer, one string, every specifier kind with stacks and exposed
// values); the rest is fed line by line, as bpftrace's stdout is.
// Invariants, for every event the parser yields:
//  - its JSON object (append_event_json) parses with nlohmann's strict
//    UTF-8 check, has the documented keys in order, carries the event's
//    numbers and (when they are valid UTF-8) its exact strings, and
//    round-trips through dump/parse unchanged;
//  - the JSONL writer prints it as exactly one parseable line, the text
//    writer as one line (plus its stack lines) with no raw control byte,
//    the CSV writer as one RFC 4180 record of 8 fields;
// and at the end the summary JSON is valid, and every kept map's name, keys
// and strings are strict UTF-8, its keys sorted and unique, an unkeyed map
// one entry with an empty key. The parser's event count equals the events
// delivered.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "events/bpftrace_parser.h"
#include "events/writer.h"
#include "fuzz_check.h"

using namespace sctrace;
using gen::ValueKind;

namespace {

gen::ProgramLayout layout_for(unsigned char selector) {
  gen::ProgramLayout layout;
  gen::ProbeLayout p;
  switch (selector % 4) {
  case 0: {
    p.function = "openat";
    p.probe = "tracepoint:syscalls:sys_enter_openat";
    p.format = "%s flags=%x";
    p.values = {{ValueKind::String, "args->filename"},
                {ValueKind::Int, "args->flags"}};
    p.format_args = 2;
    gen::ProbeLayout ret;
    ret.function = "openat";
    ret.probe = "tracepoint:syscalls:sys_exit_openat";
    ret.format = "ret %d";
    ret.values = {{ValueKind::Int, "retval"}};
    ret.format_args = 1;
    ret.retval_index = 0;
    layout.probes = {p, ret};
    break;
  }
  case 1:
    p.function = "getppid";
    p.format = "%d";
    p.values = {{ValueKind::Int, "arg"}};
    p.format_args = 1;
    layout.probes = {p};
    break;
  case 2:
    p.function = "getppid";
    p.format = "%s";
    p.values = {{ValueKind::String, "arg"}};
    p.format_args = 1;
    layout.probes = {p};
    break;
  default: {
    p.function = "every_kind";
    p.format = "%c|%hd|%hu|%u|%lu|%llx|%x|%ld|%K|%U|%%|%s";
    for (const char* name : {"c", "hd", "hu", "u", "lu", "llx", "x", "ld"})
      p.values.push_back({ValueKind::Int, name});
    // %U is the address alone (an Int slot, events/symbols.h).
    p.values.push_back({ValueKind::String, "ksym"});
    p.values.push_back({ValueKind::Int, "usym"});
    p.values.push_back({ValueKind::String, "str"});
    p.format_args = p.values.size();
    p.kernel_stack = true;
    p.user_stack = true;
    p.expose_values = true;
    gen::ProbeLayout ret;
    ret.function = "default_action";
    ret.values = {{ValueKind::Int, "retval"}};
    ret.retval_index = 0;
    ret.kernel_stack = true;
    layout.probes = {p, ret};
    break;
  }
  }
  return layout;
}

nlohmann::ordered_json parse_strict(const std::string& text, const char* what) {
  auto j = nlohmann::ordered_json::parse(text, nullptr, false);
  FUZZ_REQUIRE(!j.is_discarded(),
               std::string(what) + " is not valid JSON: " + text);
  auto again = nlohmann::ordered_json::parse(j.dump(), nullptr, false);
  FUZZ_REQUIRE(again == j, std::string(what) + " does not round-trip");
  return j;
}

// A JSON string field: valid UTF-8 bytes are kept exactly.
void check_string(const nlohmann::ordered_json& j, const char* key,
                  const std::string& bytes) {
  FUZZ_REQUIRE(j.contains(key) && j[key].is_string(),
               std::string("event JSON without string ") + key);
  if (fuzz::is_valid_utf8(bytes))
    FUZZ_REQUIRE(j[key].get<std::string>() == bytes,
                 std::string("event JSON changed ") + key + ": " + bytes);
}

// Splits one CSV record; aborts unless the text is exactly one record.
std::size_t csv_fields(const std::string& text) {
  std::size_t fields = 1, i = 0;
  bool quoted = false, at_start = true;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"')
          ++i;
        else
          quoted = false;
      }
      continue;
    }
    if (c == '"') {
      FUZZ_REQUIRE(at_start, "CSV quote inside an unquoted field: " + text);
      quoted = true;
      at_start = false;
    } else if (c == ',') {
      ++fields;
      at_start = true;
    } else if (c == '\n') {
      FUZZ_REQUIRE(i + 1 == text.size(), "CSV event spans records: " + text);
    } else {
      FUZZ_REQUIRE(c != '\r', "bare CR in CSV: " + text);
      at_start = false;
    }
  }
  FUZZ_REQUIRE(!quoted && !text.empty() && text.back() == '\n',
               "CSV record not terminated: " + text);
  return fields;
}

// What a writer prints for one event, after its header.
std::string written(events::OutputFormat format, const events::TraceEvent& e) {
  std::ostringstream out;
  auto writer = events::make_writer(format, out);
  writer->begin();
  out.str("");
  writer->event(e);
  return out.str();
}

// The event's JSON object, key by key and value by value; returns it.
std::string check_event_json(const events::TraceEvent& e) {
  std::string out;
  events::append_event_json(out, e);
  auto j = parse_strict(out, "event JSON");
  static const char* keys[] = {
      "timestamp",    "timestamp_ns", "pid",     "tid",      "cpu",   "comm",
      "process_name", "function",     "message", "raw_args", "retval"};
  std::size_t k = 0;
  for (auto it = j.begin(); it != j.end(); ++it, ++k) {
    if (k < std::size(keys)) {
      FUZZ_REQUIRE(it.key() == keys[k],
                   "event key " + it.key() + " where " + keys[k] + " belongs");
    } else {
      FUZZ_REQUIRE(it.key() == "kernel_stack" || it.key() == "user_stack",
                   "unexpected event key " + it.key());
    }
  }
  FUZZ_REQUIRE(j["timestamp_ns"] == e.timestamp_ns && j["pid"] == e.pid &&
                   j["tid"] == e.tid && j["cpu"] == e.cpu,
               "event JSON numbers differ from the event: " + out);
  const std::string& ts = j["timestamp"].get_ref<const std::string&>();
  FUZZ_REQUIRE(ts.size() == 30 && ts[4] == '-' && ts[10] == 'T' &&
                   ts[19] == '.' && ts.back() == 'Z',
               "timestamp is not RFC 3339 with ns: " + ts);
  check_string(j, "comm", e.comm);
  check_string(j, "process_name", e.comm);
  check_string(j, "function", e.function);
  check_string(j, "message", e.message);
  FUZZ_REQUIRE(j["raw_args"].is_object() &&
                   j["raw_args"].size() <= e.raw_args.size(),
               "raw_args is not an object of the event's arguments");
  if (e.retval)
    FUZZ_REQUIRE(j["retval"] == *e.retval, "retval differs");
  else
    FUZZ_REQUIRE(j["retval"].is_null(), "retval without a value");
  FUZZ_REQUIRE(j.contains("kernel_stack") == !e.kernel_stack.empty() &&
                   j.contains("user_stack") == !e.user_stack.empty(),
               "stack keys differ from the event's stacks");
  return out;
}

// JSONL: one line, the same object.
void check_event_jsonl(const events::TraceEvent& e, const std::string& out) {
  std::string line = written(events::OutputFormat::Jsonl, e);
  FUZZ_REQUIRE(!line.empty() && line.back() == '\n' &&
                   line.find('\n') == line.size() - 1,
               "JSONL event is not one line: " + line);
  FUZZ_REQUIRE(nlohmann::json::parse(line, nullptr, false) ==
                   nlohmann::json::parse(out, nullptr, false),
               "JSONL event differs from the event JSON: " + line);
}

// Text: terminal-safe, one line plus one per frame, and a blank line
// after the stacks; CSV: 8 fields.
void check_event_text_and_csv(const events::TraceEvent& e) {
  std::string t = written(events::OutputFormat::Text, e);
  std::size_t lines = 0;
  for (char c : t) {
    unsigned char u = static_cast<unsigned char>(c);
    FUZZ_REQUIRE(c == '\n' || (u >= 0x20 && u != 0x7f),
                 "raw control byte in text output: " + t);
    lines += c == '\n';
  }
  // The frames, then one blank line after an event's stacks (trace.py).
  std::size_t expected = 1 + e.kernel_stack.size() + e.user_stack.size();
  if (!e.kernel_stack.empty() || !e.user_stack.empty())
    expected += 1;
  FUZZ_REQUIRE(lines == expected, "text event has " + std::to_string(lines) +
                                      " lines, expected " +
                                      std::to_string(expected) + ": " + t);

  std::string csv = written(events::OutputFormat::Csv, e);
  FUZZ_REQUIRE(csv_fields(csv) == 8, "CSV event without 8 fields: " + csv);
}

void check_frames(const events::TraceEvent& e) {
  // No frame holds a line break (events/stack_frames.h).
  for (const auto* stack : {&e.kernel_stack, &e.user_stack})
    for (const std::string& frame : *stack)
      FUZZ_REQUIRE(frame.find('\n') == std::string::npos,
                   "a stack frame holds a line break: " + frame);
}

class CheckingSink : public events::EventSink {
public:
  void on_event(const events::TraceEvent& e) override {
    ++events;
    check_event_jsonl(e, check_event_json(e));
    check_event_text_and_csv(e);
    check_frames(e);
  }
  std::uint64_t events = 0;
};

void check_utf8(const std::string& text, const char* what) {
  try {
    (void)nlohmann::json(text).dump();
  } catch (const std::exception& ex) {
    FUZZ_REQUIRE(false,
                 std::string(what) + " is not strict UTF-8: " + ex.what());
  }
}

void check_map(const events::MapRecord& map) {
  check_utf8(map.name, "a map's name");
  FUZZ_REQUIRE(map.keyed ||
                   (map.entries.size() == 1 && map.entries[0].key.empty()),
               "an unkeyed map without exactly one unnamed entry: " + map.name);
  for (std::size_t i = 0; i < map.entries.size(); ++i) {
    const auto& e = map.entries[i];
    check_utf8(e.key, "a map key");
    FUZZ_REQUIRE(i == 0 || map.entries[i - 1].key < e.key,
                 "map keys not sorted and unique: " + map.name);
    if (const auto* s = std::get_if<std::string>(&e.value))
      check_utf8(*s, "a map's string value");
    if (const auto* t = std::get_if<events::Tuple>(&e.value))
      for (const auto& m : *t)
        if (const auto* s = std::get_if<std::string>(&m))
          check_utf8(*s, "a map's tuple member");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0 || size > 8192)
    return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  fuzz::current_input() = input;
  auto parser = events::OutputParser::create(layout_for(data[0]), 0);
  FUZZ_REQUIRE(parser.ok(), "fixed layout rejected: " +
                                (parser.ok() ? "" : parser.error().message));
  CheckingSink sink;
  std::size_t pos = 0;
  while (pos <= input.size()) {
    std::size_t end = input.find('\n', pos);
    if (end == std::string_view::npos)
      end = input.size();
    parser->feed(input.substr(pos, end - pos), sink);
    pos = end + 1;
  }
  FUZZ_REQUIRE(parser->stats().events == sink.events,
               "parser counted " + std::to_string(parser->stats().events) +
                   " events, delivered " + std::to_string(sink.events));
  events::Summary summary;
  parser->fill_summary(summary, 2);
  std::string out;
  events::append_summary_json(out, summary);
  parse_strict(out, "summary JSON");
  for (const auto& map : parser->maps())
    check_map(map);
  return 0;
}
