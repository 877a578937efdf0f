// CsvWriter: header "timestamp,pid,tid,comm,function,message,retval,cpu",
// then one row per event; the summary is not part of CSV.
//  - timestamp is RFC 3339 UTC with nanoseconds; retval is empty when
//    absent.
//  - comm, function and message follow the one CSV rule of every mode
//    (output::append_csv_field): C-escaped first, so no control byte (ESC,
//    BEL, CR, LF, DEL, C1, bidi) or invalid UTF-8 byte reaches the file
//    (they become \x1b, \n, \xff, \u009b ...) and each row is one line;
//    then a field containing ',' or '"' is quoted, '"' doubled (RFC 4180).
//    Rows end in "\n".
#pragma once

#include "events/writer.h"

namespace sctrace::events {

class CsvWriter : public EventWriter {
public:
  explicit CsvWriter(std::ostream& out) : EventWriter(out) {}
  void write_header() override;
  void event(const TraceEvent& event) override;
  void finish(const Summary& summary) override;
};

} // namespace sctrace::events
