#include "server/request_log.h"

#include <cstdio>
#include <unistd.h>

#include "output/escape.h"

namespace sctrace::server {

namespace {
constexpr std::size_t kMaxField = 200;

void append_field(std::string& out, std::string_view text) {
  output::append_terminal_safe(out, text.substr(0, kMaxField));
  if (text.size() > kMaxField)
    out += "...";
}
} // namespace

std::string format_request_log(std::string_view method, std::string_view path,
                               int status, double milliseconds) {
  std::string line = "sctrace serve: ";
  append_field(line, method.empty() ? "-" : method);
  line += ' ';
  append_field(line, path.empty() ? "-" : path);
  char tail[64];
  std::snprintf(tail, sizeof tail, " %d %.1fms\n", status, milliseconds);
  line += tail;
  return line;
}

void write_request_log(const std::string& line) {
  // One write: best effort, a failing stderr does not stop the server.
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

} // namespace sctrace::server
