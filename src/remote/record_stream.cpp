// JSONL output to manager records (record_stream.h).
#include "remote/record_stream.h"

namespace sctrace::remote {

using nlohmann::json;

std::streambuf::int_type RecordStream::overflow(int_type ch) {
  if (traits_type::eq_int_type(ch, traits_type::eof()))
    return traits_type::not_eof(ch);
  char c = traits_type::to_char_type(ch);
  xsputn(&c, 1);
  return ch;
}

std::streamsize RecordStream::xsputn(const char* s, std::streamsize n) {
  for (std::streamsize i = 0; i < n; ++i) {
    if (s[i] == '\n')
      line_done();
    else
      line_.push_back(s[i]);
  }
  return n;
}

void RecordStream::finish() {
  if (!line_.empty())
    line_done();
}

void RecordStream::line_done() {
  json record = json::parse(line_, nullptr, false);
  if (record.is_discarded())
    record = json{{"unparsed", line_}};
  line_.clear();
  if (record.is_object() && record.contains("summary") &&
      record["summary"].is_object()) {
    summary_ = std::move(record["summary"]);
    return;
  }
  sink_.record(std::move(record));
}

} // namespace sctrace::remote
