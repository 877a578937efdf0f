// CSV fields (csv.h).
#include "output/csv.h"

#include "output/escape.h"

namespace sctrace::output {

namespace {

// Quotes out[start..] in place when it needs quotes. Allocates only then.
void quote_tail(std::string& out, std::size_t start) {
  const std::string_view tail(out.data() + start, out.size() - start);
  if (tail.find_first_of(",\"\r\n") == std::string_view::npos)
    return;
  std::string quoted;
  quoted.reserve(tail.size() + 8);
  quoted.push_back('"');
  for (char c : tail) {
    if (c == '"')
      quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  out.resize(start);
  out.append(quoted);
}

} // namespace

void append_csv_field(std::string& out, std::string_view bytes) {
  const std::size_t start = out.size();
  append_c_escaped(out, bytes);
  quote_tail(out, start);
}

void append_csv_quoted(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out.append(text);
  quote_tail(out, start);
}

} // namespace sctrace::output
