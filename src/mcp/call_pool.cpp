#include "mcp/call_pool.h"

namespace sctrace::mcp {

void CallPool::reap_locked() {
  for (auto it = workers_.begin(); it != workers_.end();) {
    if (*it->done) {
      it->thread.join();
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
}

bool CallPool::try_run(std::function<void()> job) {
  std::lock_guard lock(mutex_);
  reap_locked();
  if (workers_.size() >= limit_)
    return false;
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::thread thread([job = std::move(job), done] {
    job();
    *done = true;
  });
  workers_.push_back(Worker{std::move(thread), done});
  return true;
}

void CallPool::join_all() {
  std::list<Worker> workers;
  {
    std::lock_guard lock(mutex_);
    workers.swap(workers_);
  }
  for (auto& w : workers)
    w.thread.join();
}

std::size_t CallPool::running() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& w : workers_)
    n += *w.done ? 0 : 1;
  return n;
}

} // namespace sctrace::mcp
