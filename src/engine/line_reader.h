// Splits a byte stream (a pipe from bpftrace) into lines.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace sctrace::engine {

class LineReader {
public:
  using LineFn = std::function<void(std::string_view)>;
  // The most bytes one read_from() reads.
  static constexpr std::size_t kReadSize = 1 << 16;

  // Reads what is available from fd (non-blocking), up to kReadSize bytes,
  // and calls fn once per complete line, without its '\n'. Returns false
  // at EOF or on a read error, after handing over an unterminated last
  // line.
  bool read_from(int fd, const LineFn& fn);
  // The bytes the last read_from() read (0: none were there, or the end).
  std::size_t last_bytes() const { return last_bytes_; }

private:
  void split(std::string_view chunk, const LineFn& fn);
  std::string pending_;
  std::size_t last_bytes_ = 0;
};

} // namespace sctrace::engine
