#include "engine/dependencies.h"

#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace sctrace::engine {

namespace {

class ProcessLauncher final : public Launcher {
public:
  Result<run::Process> spawn(const run::SpawnOptions& options) override {
    return run::Process::spawn(options);
  }
};

class SteadyClock final : public Clock {
public:
  time_point now() const override { return std::chrono::steady_clock::now(); }
};

// Pins the calling thread to each CPU in turn and calls getcpu() there:
// the generated marker probe prints a marker in that CPU's buffer, after
// every event emitted on it before.
class CpuMarkerTrigger final : public MarkerTrigger {
public:
  std::vector<std::uint32_t> cpus() override {
    std::vector<std::uint32_t> out;
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (::sched_getaffinity(0, sizeof allowed, &allowed) != 0)
      return out;
    for (std::uint32_t c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &allowed))
        out.push_back(c);
    return out;
  }
  void fire(const std::vector<std::uint32_t>& cpus,
            std::uint64_t arg) override {
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
      // entering the kernel, and the tracepoint would not fire. The
      // kernel ignores the third argument; the marker prints it.
      ::syscall(SYS_getcpu, &cpu, &node,
                reinterpret_cast<void*>(static_cast<std::uintptr_t>(arg)));
    }
    ::sched_setaffinity(0, sizeof original, &original);
  }
};

} // namespace

Dependencies default_dependencies() {
  Dependencies d;
  d.launcher = std::make_shared<ProcessLauncher>();
  d.clock = std::make_shared<SteadyClock>();
  d.markers = std::make_shared<CpuMarkerTrigger>();
  return d;
}

Dependencies complete(Dependencies deps) {
  Dependencies def = default_dependencies();
  if (!deps.launcher)
    deps.launcher = def.launcher;
  if (!deps.clock)
    deps.clock = def.clock;
  if (!deps.markers)
    deps.markers = def.markers;
  return deps;
}

} // namespace sctrace::engine
