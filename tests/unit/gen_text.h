// Helpers for the generator's tests that look into program text.
#pragma once

#include <cstddef>
#include <string>

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

} // namespace sctrace::gen
