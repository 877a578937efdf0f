#include "manager/clock.h"

#include <cmath>

namespace sctrace::manager {

double epoch_now() {
  auto since = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration<double>(since).count();
}

std::optional<SteadyClock::time_point> steady_after(double seconds) {
  constexpr double kNever = 1e9; // ~31 years
  if (std::isnan(seconds) || seconds > kNever)
    return std::nullopt;
  auto span = std::chrono::duration<double>(seconds < 0 ? 0 : seconds);
  return SteadyClock::now() +
         std::chrono::duration_cast<SteadyClock::duration>(span);
}

} // namespace sctrace::manager
