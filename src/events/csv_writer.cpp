// CsvWriter (csv_writer.h).
#include "events/csv_writer.h"

#include <charconv>

#include "util/strings.h"

namespace sctrace::events {
using util::append_int;

namespace {} // namespace

void append_csv_field(std::string& out, std::string_view s) {
  const bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quote)
    out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"') {
      out.append("\"\"");
      ++i;
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else if (std::size_t n = util::utf8_sequence_length(s, i); n > 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  if (quote)
    out.push_back('"');
}

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
  append_csv_field(buf_, e.comm);
  buf_.push_back(',');
  append_csv_field(buf_, e.function);
  buf_.push_back(',');
  append_csv_field(buf_, e.message);
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
