// Splits a byte stream (a pipe from bpftrace) into lines.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace sctrace::engine {

class LineReader {
public:
  using LineFn = std::function<void(std::string_view)>;
  // Reads what is available from fd (non-blocking) and calls fn once per
  // complete line, without its '\n'. Returns false at EOF or on a read
  // error, after handing over an unterminated last line.
  bool read_from(int fd, const LineFn& fn);

private:
  void split(std::string_view chunk, const LineFn& fn);
  std::string pending_;
};

} // namespace sctrace::engine
