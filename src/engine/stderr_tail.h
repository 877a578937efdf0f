// The last lines bpftrace wrote on stderr, kept for the error that
// explains an abnormal end ("FATAL: open(\"/dev/null\"): Too many open
// files" before a SIGABRT).
//
// Contract:
//  - add() takes one raw line (without its '\n'). It is kept made
//    terminal-safe by output::append_terminal_safe, the project's one
//    escaper, so the error can be printed as it is.
//  - At most max_lines lines and max_bytes bytes are kept: the newest ones.
//    A single line longer than max_bytes is cut to max_bytes (escaped) and
//    ends in "...".
//  - Empty lines and bpftrace's harmless noise (RLIMIT_MEMLOCK warnings)
//    are not kept.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace sctrace::engine {

class StderrTail {
public:
  explicit StderrTail(std::size_t max_lines = 10, std::size_t max_bytes = 4096)
      : max_lines_(max_lines), max_bytes_(max_bytes) {}

  void add(std::string_view line);
  bool empty() const { return lines_.empty(); }
  // The kept lines, oldest first, each on its own line and indented by two
  // spaces, after a "\nbpftrace said:\n" header; "" when none is kept.
  std::string said() const;

private:
  std::size_t max_lines_, max_bytes_;
  std::deque<std::string> lines_;
  std::size_t bytes_ = 0;
};

} // namespace sctrace::engine
