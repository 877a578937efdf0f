#include "mcp/line_reader.h"

#include <cerrno>
#include <cstring>

#include <poll.h>
#include <unistd.h>

namespace sctrace::mcp {

// Takes one complete line (or the end of a too long one) out of buffer_.
bool LineReader::take_line(Next& next) {
  auto nl = buffer_.find('\n', scanned_);
  if (nl == std::string::npos) {
    scanned_ = buffer_.size();
    if (discarding_ || buffer_.size() > max_) {
      discarding_ = true; // drop what came so far; remember the line is long
      buffer_.clear();
      scanned_ = 0;
    }
    return false;
  }
  std::string line = buffer_.substr(0, nl);
  buffer_.erase(0, nl + 1);
  scanned_ = 0;
  if (discarding_ || line.size() > max_) {
    discarding_ = false;
    next = Next{Status::TooLong, {}};
    return true;
  }
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  next = Next{Status::Line, std::move(line)};
  return true;
}

LineReader::Status LineReader::fill(const std::function<bool()>& stop,
                                    std::string& error) {
  if (fd_ < 0) {
    error = "no input to read: the file descriptor is " + std::to_string(fd_);
    return Status::Error;
  }
  for (;;) {
    if (stop && stop())
      return Status::Stopped;
    pollfd p{fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, 100);
    if (ready < 0 && errno != EINTR) {
      error = std::string("poll on the input failed: ") + std::strerror(errno);
      return Status::Error;
    }
    if (ready <= 0)
      continue;
    char chunk[65536];
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (n < 0) {
      error = std::string("reading the input failed: ") + std::strerror(errno);
      return Status::Error;
    }
    if (n == 0)
      eof_ = true;
    else
      buffer_.append(chunk, static_cast<std::size_t>(n));
    return Status::Line;
  }
}

LineReader::Next LineReader::next(const std::function<bool()>& stop) {
  Next next;
  for (;;) {
    while (take_line(next))
      if (next.status != Status::Line || !next.line.empty())
        return next;
    if (eof_) {
      if (discarding_) {
        discarding_ = false;
        return Next{Status::TooLong, {}};
      }
      if (buffer_.empty())
        return Next{Status::Eof, {}};
      buffer_.push_back('\n'); // the last line had no "\n"
      continue;
    }
    std::string error;
    auto status = fill(stop, error);
    if (status != Status::Line)
      return Next{status, error};
  }
}

} // namespace sctrace::mcp
