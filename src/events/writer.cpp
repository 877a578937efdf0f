// Output format names and the writer factory (writer.h).
#include "events/writer.h"

#include "events/csv_writer.h"
#include "events/json_writer.h"
#include "events/text_writer.h"

namespace sctrace::events {

EventWriter::~EventWriter() = default;

void EventWriter::emit_event_buffer() {
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
  if (flush_each_)
    out_.flush();
}

Result<OutputFormat> parse_output_format(std::string_view name) {
  if (name == "text")
    return OutputFormat::Text;
  if (name == "json")
    return OutputFormat::Json;
  if (name == "jsonl" || name == "ndjson")
    return OutputFormat::Jsonl;
  if (name == "csv")
    return OutputFormat::Csv;
  return make_error(ErrorKind::Invalid,
                    "unknown output format '" + std::string(name) +
                        "': expected text, json, jsonl or csv");
}

std::string_view output_format_name(OutputFormat format) {
  switch (format) {
  case OutputFormat::Text:
    return "text";
  case OutputFormat::Json:
    return "json";
  case OutputFormat::Jsonl:
    return "jsonl";
  case OutputFormat::Csv:
    return "csv";
  }
  return "text";
}

std::unique_ptr<EventWriter> make_writer(OutputFormat format, std::ostream& out,
                                         TextOptions options) {
  switch (format) {
  case OutputFormat::Text:
    return std::make_unique<TextWriter>(out, options);
  case OutputFormat::Json:
    return std::make_unique<JsonWriter>(out);
  case OutputFormat::Jsonl:
    return std::make_unique<JsonlWriter>(out);
  case OutputFormat::Csv:
    return std::make_unique<CsvWriter>(out);
  }
  return std::make_unique<TextWriter>(out, options);
}

} // namespace sctrace::events
