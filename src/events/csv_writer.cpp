// CsvWriter (csv_writer.h).
#include "events/csv_writer.h"

#include <charconv>

namespace sctrace::events {
namespace {

template <typename Int> void append_int(std::string& out, Int v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

// Length of a valid UTF-8 sequence at s[i], or 0 (overlong, surrogate,
// out of range or truncated sequences are invalid).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n;
  std::uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size())
    return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

} // namespace

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
    } else if (std::size_t n = utf8_length(s, i); n > 0) {
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

void CsvWriter::begin() {
  if (begun_)
    return;
  begun_ = true;
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
