// Helpers for the generator's tests that look into program text.
#pragma once

#include <cstddef>
#include <string>

#include "gen/layout.h"

namespace sctrace::gen {

// How often WHAT occurs in TEXT, overlapping occurrences included.
inline std::size_t occurrences(const std::string& text,
                               const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1))
    ++n;
  return n;
}

// How often count() occurs in TEXT outside the event numbering
// (kSeqByCount: a per-CPU key that only its own CPU creates, so bpftrace
// 0.23's race on creating a key cannot drop a count there).
inline std::size_t counts_besides_seq(const std::string& text) {
  return occurrences(text, "count()") - occurrences(text, kSeqByCount.count) -
         occurrences(text, kSeqByCount.declare);
}

} // namespace sctrace::gen
