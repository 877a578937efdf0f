#include "manager/scheduler.h"

#include <algorithm>
#include <cassert>

namespace sctrace::manager {

Scheduler::Scheduler(std::size_t max_running, std::size_t max_queued)
    : max_running_(max_running), max_queued_(max_queued) {}

Scheduler::Admission Scheduler::admit(const std::shared_ptr<JobState>& job) {
  // A free slot goes to the queue first, so a newcomer never overtakes.
  if (running_ < max_running_ && queue_.empty()) {
    ++running_;
    return Admission::Run;
  }
  if (queue_.size() >= max_queued_)
    return Admission::Busy;
  queue_.push_back(job);
  return Admission::Queue;
}

void Scheduler::release() {
  assert(running_ > 0);
  --running_;
}

std::shared_ptr<JobState> Scheduler::next() {
  if (running_ >= max_running_ || queue_.empty())
    return nullptr;
  auto job = std::move(queue_.front());
  queue_.pop_front();
  ++running_;
  return job;
}

bool Scheduler::cancel(const JobState& job) {
  auto it = std::find_if(queue_.begin(), queue_.end(),
                         [&](const auto& q) { return q.get() == &job; });
  if (it == queue_.end())
    return false;
  queue_.erase(it);
  return true;
}

std::size_t Scheduler::position(const JobState& job) const {
  auto it = std::find_if(queue_.begin(), queue_.end(),
                         [&](const auto& q) { return q.get() == &job; });
  return it == queue_.end() ? 0
                            : static_cast<std::size_t>(it - queue_.begin()) + 1;
}

std::vector<std::shared_ptr<JobState>> Scheduler::take_queue() {
  std::vector<std::shared_ptr<JobState>> out(queue_.begin(), queue_.end());
  queue_.clear();
  return out;
}

} // namespace sctrace::manager
