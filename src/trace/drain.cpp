#include "trace/drain.h"

#include <cstdint>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace sctrace::trace {

void Drainer::fire(const std::vector<std::uint32_t>& cpus) {
  cpu_set_t original;
  CPU_ZERO(&original);
  if (::sched_getaffinity(0, sizeof original, &original) != 0)
    return;
  for (std::uint32_t c : cpus) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(c, &one);
    if (::sched_setaffinity(0, sizeof one, &one) != 0)
      continue;
    unsigned cpu = 0, node = 0;
    // Direct syscall: the libc wrapper may answer from the vDSO without
    // entering the kernel, and the tracepoint would not fire.
    // The kernel ignores the third argument; the marker prints it.
    ::syscall(SYS_getcpu, &cpu, &node,
              reinterpret_cast<void*>(static_cast<std::uintptr_t>(round_)));
  }
  ::sched_setaffinity(0, sizeof original, &original);
  last_fire_ = std::chrono::steady_clock::now();
}

bool Drainer::start(events::OutputParser& parser) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (::sched_getaffinity(0, sizeof allowed, &allowed) != 0)
    return false;
  cpus_.clear();
  for (std::uint32_t c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &allowed)) {
      cpus_.push_back(c);
      cpu_count_ = c + 1;
    }
  if (cpus_.empty())
    return false;
  round_ = parser.reset_markers();
  started_ = std::chrono::steady_clock::now();
  lines_at_fire_ = parser.stats().lines;
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
  auto now = std::chrono::steady_clock::now();
  if (now - last_fire_ > std::chrono::milliseconds(500)) {
    // A round in which output still arrived is not idle: bpftrace is
    // working through a backlog, and the markers are behind it.
    const std::uint64_t lines = parser.stats().lines;
    idle_rounds_ = lines > lines_at_fire_ ? 0 : idle_rounds_ + 1;
    lines_at_fire_ = lines;
    if (idle_rounds_ >= 5 || now - started_ > std::chrono::seconds(60)) {
      done_ = true; // give up; the summary reports drained=false
      return true;
    }
    fire(missing);
  }
  return false;
}

} // namespace sctrace::trace
