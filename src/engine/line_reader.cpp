#include "engine/line_reader.h"

#include <unistd.h>

#include <cerrno>

namespace sctrace::engine {

bool LineReader::read_from(int fd, const LineFn& fn) {
  char buf[kReadSize];
  ssize_t n;
  last_bytes_ = 0;
  do {
    n = ::read(fd, buf, sizeof buf);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && errno == EAGAIN)
    return true;
  if (n <= 0) {
    if (!pending_.empty())
      fn(std::string_view(pending_));
    pending_.clear();
    return false;
  }
  last_bytes_ = static_cast<std::size_t>(n);
  split(std::string_view(buf, static_cast<std::size_t>(n)), fn);
  return true;
}

void LineReader::split(std::string_view chunk, const LineFn& fn) {
  while (true) {
    auto nl = chunk.find('\n');
    if (nl == std::string_view::npos) {
      pending_.append(chunk);
      return;
    }
    if (pending_.empty()) {
      fn(chunk.substr(0, nl));
    } else {
      pending_.append(chunk.substr(0, nl));
      fn(std::string_view(pending_));
      pending_.clear();
    }
    chunk.remove_prefix(nl + 1);
  }
}

} // namespace sctrace::engine
