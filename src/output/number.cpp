// Numbers (number.h).
#include "output/number.h"

#include <charconv>
#include <cmath>

namespace sctrace::output {

void append_number(std::string& out, double v) {
  if (!std::isfinite(v))
    v = 0;
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

} // namespace sctrace::output
