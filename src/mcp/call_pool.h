// The threads that run tools/call requests of a stdio connection, at
// most `limit` at once, so the reader can go on reading (a cancellation)
// while calls run.
//
// Contract: try_run(job) starts job on a new thread and returns true, or
// returns false (and runs nothing) when `limit` jobs are running. Finished
// threads are joined on the next try_run and by join_all(), which waits
// for every job. Thread-safe.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace sctrace::mcp {

class CallPool {
public:
  explicit CallPool(std::size_t limit) : limit_(limit) {}
  ~CallPool() { join_all(); }
  CallPool(const CallPool&) = delete;
  CallPool& operator=(const CallPool&) = delete;

  bool try_run(std::function<void()> job);
  void join_all();
  std::size_t running() const;

private:
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  void reap_locked();

  std::size_t limit_;
  mutable std::mutex mutex_;
  std::list<Worker> workers_;
};

} // namespace sctrace::mcp
