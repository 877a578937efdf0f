#include "engine/drain.h"

#include <algorithm>

namespace sctrace::engine {

void Drainer::fire(const std::vector<std::uint32_t>& cpus) {
  trigger_->fire(cpus, round_);
  last_fire_ = clock_->now();
}

bool Drainer::start(events::OutputParser& parser) {
  cpus_ = trigger_->cpus();
  if (cpus_.empty())
    return false;
  for (std::uint32_t c : cpus_)
    cpu_count_ = std::max(cpu_count_, c + 1);
  round_ = parser.reset_markers();
  started_ = last_output_ = clock_->now();
  lines_ = parser.stats().lines;
  complete_ = done_ = false;
  fire(cpus_);
  return true;
}

bool Drainer::step(events::OutputParser& parser) {
  if (done_)
    return true;
  std::vector<std::uint32_t> missing;
  for (auto c : cpus_)
    if (!parser.marker_seen(c))
      missing.push_back(c);
  if (missing.empty()) {
    complete_ = done_ = true;
    return true;
  }
  auto now = clock_->now();
  // Output still arriving is not idleness: bpftrace is working through a
  // backlog, and the markers are behind it.
  if (const std::uint64_t lines = parser.stats().lines; lines > lines_) {
    lines_ = lines;
    last_output_ = now;
  }
  if (now - last_output_ >= std::chrono::milliseconds(2500) ||
      now - started_ > std::chrono::seconds(60)) {
    done_ = true; // give up; the summary reports drained=false
    return true;
  }
  if (now - last_fire_ >= refire_)
    fire(missing);
  return false;
}

} // namespace sctrace::engine
