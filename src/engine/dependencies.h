// What a Session depends on besides its Environment, each replaceable so
// that the engine can be tested without root, a kernel or real time.
//
// Contract:
//  - Launcher::spawn starts a paused child (run::Process's contract); the
//    default is the project's one launcher, run::Process::spawn.
//  - Clock::now is a steady clock; the default is std::chrono::steady_clock.
//  - MarkerTrigger fires drain markers (see engine/drain.h): cpus() lists
//    the CPUs to drain, fire() makes the program emit one marker on each
//    of them, carrying `arg`. The default pins the calling thread to each
//    CPU in turn and calls getcpu(); a test replaces it with one that asks
//    a fake bpftrace for the markers.
//  - Logger receives the session's diagnostics (phases with times); the
//    default drops them. Nothing in the engine writes to stderr.
//  - Every member may be shared by several sessions, which call it from
//    their own threads: implementations must be thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "run/process.h"
#include "util/result.h"

namespace sctrace::engine {

class Launcher {
public:
  virtual ~Launcher() = default;
  virtual Result<run::Process> spawn(const run::SpawnOptions& options) = 0;
};

class Clock {
public:
  using time_point = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual time_point now() const = 0;
};

class MarkerTrigger {
public:
  virtual ~MarkerTrigger() = default;
  virtual std::vector<std::uint32_t> cpus() = 0;
  virtual void fire(const std::vector<std::uint32_t>& cpus,
                    std::uint64_t arg) = 0;
};

using Logger = std::function<void(std::string_view)>;

// What a front end may want to see of its sessions: their phases (log)
// and bpftrace's raw output lines (raw_line, for bug reports and for
// recording parser test data). Empty members see nothing.
struct Diagnostics {
  Logger log;
  std::function<void(std::string_view)> raw_line;
};

struct Dependencies {
  std::shared_ptr<Launcher> launcher;
  std::shared_ptr<Clock> clock;
  std::shared_ptr<MarkerTrigger> markers;
  Logger logger;
};

// The real ones: run::Process::spawn, steady_clock, getcpu() per CPU.
Dependencies default_dependencies();
// deps with every unset member filled in from default_dependencies().
Dependencies complete(Dependencies deps);

} // namespace sctrace::engine
