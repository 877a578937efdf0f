// Reaper: the manager's one background thread for timed work. It stops a
// job at its hard maximum duration, frees a finished job once its TTL is
// over, and joins the threads of jobs that ended.
//
// Contract (thread-safe):
//  - It sleeps on a condition variable until the earliest deadline or a
//    call below; it never polls.
//  - Actions run without the reaper's lock, so they may take the
//    manager's lock (which callers of stop_at/free_at/wake may hold).
//  - A deadline of a job that already ended does nothing (request_stop of
//    a job not running is a no-op); entries hold only a weak reference.
//  - shutdown() ends the thread after its current action; no action runs
//    after it returns. The destructor calls it.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "manager/clock.h"

namespace sctrace::manager {

class JobState;

class Reaper {
public:
  struct Actions {
    std::function<void(const std::string& id)> free; // forget the job
    std::function<void()> join_finished;             // join ended threads
  };

  explicit Reaper(Actions actions);
  ~Reaper();
  Reaper(const Reaper&) = delete;
  Reaper& operator=(const Reaper&) = delete;

  // At `when`, sets the job's stop flag (StopCause::MaxDuration).
  void stop_at(std::weak_ptr<JobState> job, SteadyClock::time_point when);
  // At `when`, frees the job.
  void free_at(std::string id, SteadyClock::time_point when);
  // Joins ended threads soon.
  void wake();
  void shutdown();

private:
  void loop();
  bool act_on_due(std::unique_lock<std::mutex>& lock);
  void sleep(std::unique_lock<std::mutex>& lock);

  Actions actions_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<SteadyClock::time_point, std::weak_ptr<JobState>> stops_;
  std::multimap<SteadyClock::time_point, std::string> frees_;
  bool join_pending_ = false;
  bool done_ = false;
  std::thread thread_;
};

} // namespace sctrace::manager
