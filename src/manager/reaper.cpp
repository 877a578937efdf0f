#include "manager/reaper.h"

#include <utility>
#include <vector>

#include "manager/job_state.h"

namespace sctrace::manager {
namespace {

// Removes and returns the entries of `m` due at `now`.
template <typename V>
std::vector<V> take_due(std::multimap<SteadyClock::time_point, V>& m,
                        SteadyClock::time_point now) {
  std::vector<V> due;
  auto end = m.upper_bound(now);
  for (auto it = m.begin(); it != end; ++it)
    due.push_back(std::move(it->second));
  m.erase(m.begin(), end);
  return due;
}

} // namespace

Reaper::Reaper(Actions actions)
    : actions_(std::move(actions)), thread_([this] { loop(); }) {}

Reaper::~Reaper() {
  shutdown();
}

void Reaper::stop_at(std::weak_ptr<JobState> job,
                     SteadyClock::time_point when) {
  std::lock_guard lock(mu_);
  stops_.emplace(when, std::move(job));
  cv_.notify_one();
}

void Reaper::free_at(std::string id, SteadyClock::time_point when) {
  std::lock_guard lock(mu_);
  frees_.emplace(when, std::move(id));
  cv_.notify_one();
}

void Reaper::wake() {
  std::lock_guard lock(mu_);
  join_pending_ = true;
  cv_.notify_one();
}

void Reaper::shutdown() {
  {
    std::lock_guard lock(mu_);
    done_ = true;
    cv_.notify_one();
  }
  if (thread_.joinable())
    thread_.join();
}

void Reaper::loop() {
  std::unique_lock lock(mu_);
  while (!done_) {
    if (!act_on_due(lock))
      sleep(lock);
  }
}

// Runs what is due, without the lock; false when nothing was.
bool Reaper::act_on_due(std::unique_lock<std::mutex>& lock) {
  auto now = SteadyClock::now();
  auto stops = take_due(stops_, now);
  auto frees = take_due(frees_, now);
  bool join = std::exchange(join_pending_, false);
  if (stops.empty() && frees.empty() && !join)
    return false;
  lock.unlock();
  for (auto& weak : stops)
    if (auto job = weak.lock())
      job->request_stop(StopCause::MaxDuration);
  if (join)
    actions_.join_finished();
  for (auto& id : frees)
    actions_.free(id);
  lock.lock();
  return true;
}

void Reaper::sleep(std::unique_lock<std::mutex>& lock) {
  auto next = SteadyClock::time_point::max();
  if (!stops_.empty())
    next = stops_.begin()->first;
  if (!frees_.empty() && frees_.begin()->first < next)
    next = frees_.begin()->first;
  auto woken = [&] {
    return done_ || join_pending_ ||
           (!stops_.empty() && stops_.begin()->first < next) ||
           (!frees_.empty() && frees_.begin()->first < next);
  };
  if (next == SteadyClock::time_point::max())
    cv_.wait(lock, woken);
  else
    cv_.wait_until(lock, next, woken);
}

} // namespace sctrace::manager
