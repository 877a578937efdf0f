#include "cli/diagnostics.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

namespace sctrace::cli {

engine::Diagnostics diagnostics_from_environment() {
  engine::Diagnostics d;
  if (std::getenv("SCTRACE_DEBUG"))
    d.log = [](std::string_view line) {
      std::cerr << "sctrace: " << line << '\n';
    };
  if (const char* path = std::getenv("SCTRACE_RAW_LOG"); path && *path) {
    auto log =
        std::make_shared<std::ofstream>(path, std::ios::out | std::ios::trunc);
    d.raw_line = [log](std::string_view line) { *log << line << '\n'; };
  }
  return d;
}

} // namespace sctrace::cli
