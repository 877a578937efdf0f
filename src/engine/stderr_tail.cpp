#include "engine/stderr_tail.h"

#include <algorithm>

#include "output/escape.h"
#include "run/bpftrace.h"

namespace sctrace::engine {

void StderrTail::add(std::string_view line) {
  if (run::filter_bpftrace_stderr(line).empty())
    return; // empty, or noise
  // Cut the raw line, not the escaped one, so no escape sequence or UTF-8
  // character is split (a cut character is escaped as \xNN).
  std::string_view raw = line;
  std::string safe;
  output::append_terminal_safe(safe, raw);
  while (safe.size() > max_bytes_) {
    raw.remove_suffix(std::max<std::size_t>(1, (safe.size() - max_bytes_) / 6));
    safe.clear();
    output::append_terminal_safe(safe, raw);
  }
  if (raw.size() < line.size())
    safe += "...";
  bytes_ += safe.size();
  lines_.push_back(std::move(safe));
  while (lines_.size() > max_lines_ ||
         (lines_.size() > 1 && bytes_ > max_bytes_)) {
    bytes_ -= lines_.front().size();
    lines_.pop_front();
  }
}

std::string StderrTail::said() const {
  if (lines_.empty())
    return "";
  std::string out = "\nbpftrace said:";
  for (const auto& l : lines_)
    out += "\n  " + l;
  return out;
}

} // namespace sctrace::engine
