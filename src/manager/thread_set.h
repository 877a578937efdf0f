// ThreadSet: the manager's job threads, by job id.
//
// Contract (thread-safe): launch() starts a thread and records it, holding
// the set's lock until it is recorded, so the thread's own finished() call
// (its last act) always finds it. join_finished() joins the threads that
// called finished() (the reaper does it, so a thread object does not
// outlive its job for long); join_all() joins every thread, for the
// destructor once nothing launches any more. Each thread is joined once.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace sctrace::manager {

class ThreadSet {
public:
  ThreadSet() = default;
  ThreadSet(const ThreadSet&) = delete;
  ThreadSet& operator=(const ThreadSet&) = delete;
  ~ThreadSet() { join_all(); }

  // Throws std::system_error when no thread can be created.
  void launch(const std::string& id, std::function<void()> body);
  void finished(const std::string& id);
  void join_finished();
  void join_all();

private:
  std::mutex mu_;
  std::unordered_map<std::string, std::thread> live_;
  std::vector<std::thread> finished_;
};

} // namespace sctrace::manager
