// CsvWriter: header "timestamp,pid,tid,comm,function,message,retval,cpu",
// then one row per event; the summary is not part of CSV.
//  - timestamp is RFC 3339 UTC with nanoseconds; retval is empty when
//    absent.
//  - A field containing ',', '"', CR or LF is quoted, with '"' doubled
//    (RFC 4180, output::append_csv_quoted). Rows end in "\n".
//  - Invalid UTF-8 bytes become U+FFFD, so the file is valid UTF-8 text.
#pragma once

#include "events/writer.h"

namespace sctrace::events {

class CsvWriter : public EventWriter {
public:
  explicit CsvWriter(std::ostream& out) : EventWriter(out) {}
  void write_header() override;
  void event(const TraceEvent& event) override;
  void finish(const Summary& summary) override;

private:
  void append_text_field(std::string_view bytes);
  std::string scratch_; // reused per field
};

} // namespace sctrace::events
