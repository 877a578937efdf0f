// A `sctrace_workload named_commands NAME` process (tests/testprogs/
// workload.cpp) traced by `sctrace syscalls` into JSONL: the test starts
// the trace with its own options, waits until the trace is live (the
// process's openat of a missing path, sent as "enoent 1" until one shows
// up), then sends the commands whose calls it counts exactly.
// Header-only: the live tests are globbed as *_test.cpp.
#pragma once

#include <unistd.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "syscalls_live_util.h"

namespace sctrace::live::sc {

// A process name of at most 15 bytes, unique to this test run.
inline std::string unique_comm(const std::string& prefix) {
  static int counter = 0;
  return prefix + std::to_string(::getpid() % 100000) + "-" +
         std::to_string(++counter);
}

// The path workload.cpp's "enoent" command opens.
inline constexpr char kEnoentPath[] = "/nonexistent/sctrace-monitor";

class CommandedTrace {
public:
  explicit CommandedTrace(const std::string& comm)
      : child_({workload_bin(), "named_commands", comm}),
        out_(dir_.file("events.jsonl")) {}
  // The trace ends before the process's pipes close.
  ~CommandedTrace() {
    child_.close_stdin();
    child_.wait(30000);
  }

  // Starts `sctrace syscalls ARGS --format jsonl -o FILE` (ARGS must
  // select nanosleep, the heartbeat).
  void start(const std::vector<std::string>& args) {
    trace_ = sctrace_async(concat(args, {"--format", "jsonl", "-o", out_}));
  }
  // Sends heartbeats until one is traced (up to 60 s): the probes are live.
  bool live() {
    const int pid = child_.pid();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      if (!command("nanosleep 1"))
        return false;
      for (const auto& e : events_so_far(out_))
        if (e["pid"] == pid && e["syscall"] == "nanosleep")
          return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  // One command; true once the process answered "ok".
  bool command(const std::string& line) {
    return child_.send(line + "\n") && child_.read_line(30000) == "ok";
  }
  // Ends the process (EOF on its stdin) and waits for the trace.
  RunResult end() {
    child_.close_stdin();
    child_.wait(30000);
    return trace_.get();
  }
  pid_t pid() const { return child_.pid(); }
  const TempDir& dir() const { return dir_; }
  JsonlOutput output() const { return parse_jsonl(read_file(out_)); }

private:
  // Destroyed in reverse: the process first, so a failed test's trace of
  // it (-p) ends instead of waiting for its timeout.
  TempDir dir_;
  std::future<RunResult> trace_;
  Child child_;
  std::string out_;
};

} // namespace sctrace::live::sc
