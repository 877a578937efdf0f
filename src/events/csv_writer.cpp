// CsvWriter (csv_writer.h).
#include "events/csv_writer.h"

#include "output/csv.h"
#include "util/strings.h"

namespace sctrace::events {
using util::append_int;

void CsvWriter::write_header() {
  out_ << "timestamp,pid,tid,comm,function,message,retval,cpu\n";
}

void CsvWriter::event(const TraceEvent& e) {
  begin();
  append_rfc3339(buf_, e.timestamp_ns);
  buf_.push_back(',');
  append_int(buf_, e.pid);
  buf_.push_back(',');
  append_int(buf_, e.tid);
  buf_.push_back(',');
  output::append_csv_field(buf_, e.comm);
  buf_.push_back(',');
  output::append_csv_field(buf_, e.function);
  buf_.push_back(',');
  output::append_csv_field(buf_, e.message);
  buf_.push_back(',');
  if (e.retval)
    append_int(buf_, *e.retval);
  buf_.push_back(',');
  append_int(buf_, e.cpu);
  buf_.push_back('\n');
  emit_event_buffer();
}

void CsvWriter::finish(const Summary&) {
  begin();
  out_.flush();
}

} // namespace sctrace::events
