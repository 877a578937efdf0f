// Newline-delimited messages from a file descriptor (MCP's stdio
// transport), each line bounded.
//
// Contract of LineReader::next():
//  - Returns the next line without its "\n" (and without a "\r" before
//    it), skipping empty lines. A last line without "\n" before EOF is a
//    line too.
//  - A line longer than max_bytes is never buffered: its bytes are
//    dropped as they arrive and, at its end, next() returns TooLong once.
//    Memory stays below max_bytes plus one read (64 KiB).
//  - Waits in poll() and checks `stop` at least every 100 ms: Stopped
//    when it returns true. Eof when the input ends, Error (with errno's
//    text) when read() fails. Interrupted reads are retried.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace sctrace::mcp {

class LineReader {
public:
  enum class Status { Line, TooLong, Eof, Stopped, Error };
  struct Next {
    Status status = Status::Eof;
    std::string line; // Line: the line; Error: what failed
  };

  LineReader(int fd, std::size_t max_bytes) : fd_(fd), max_(max_bytes) {}
  Next next(const std::function<bool()>& stop);

private:
  bool take_line(Next& next);
  Status fill(const std::function<bool()>& stop, std::string& error);

  int fd_;
  std::size_t max_;
  std::string buffer_;
  std::size_t scanned_ = 0; // no "\n" in buffer_[0, scanned_)
  bool discarding_ = false; // inside a line longer than max_
  bool eof_ = false;
};

} // namespace sctrace::mcp
