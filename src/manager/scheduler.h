// Scheduler: which jobs run and which wait, in FIFO order.
//
// Contract: not thread-safe; the TraceManager's lock guards every call.
// It counts slots, not threads: admit() and next() hand out a slot the
// caller then launches a thread for; release() gives one back.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <vector>

namespace sctrace::manager {

class JobState;

class Scheduler {
public:
  Scheduler(std::size_t max_running, std::size_t max_queued);

  enum class Admission {
    Run,   // a slot was free and is now the job's: launch it
    Queue, // queued at the back
    Busy,  // every slot and queue place is taken: refuse it
  };
  Admission admit(const std::shared_ptr<JobState>& job);

  // A running job ended: its slot is free again.
  void release();
  // The first queued job when a slot is free, now holding it; else null.
  std::shared_ptr<JobState> next();

  // Takes a queued job out of the queue; false when it is not queued.
  bool cancel(const JobState& job);
  // 1.. for a queued job, 0 for any other.
  std::size_t position(const JobState& job) const;
  // Empties the queue (shutdown) and returns what waited, in order.
  std::vector<std::shared_ptr<JobState>> take_queue();

  std::size_t running() const { return running_; }
  std::size_t queued() const { return queue_.size(); }

private:
  std::size_t max_running_, max_queued_;
  std::size_t running_ = 0;
  std::deque<std::shared_ptr<JobState>> queue_;
};

} // namespace sctrace::manager
