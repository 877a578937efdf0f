#include "manager/thread_set.h"

namespace sctrace::manager {

void ThreadSet::launch(const std::string& id, std::function<void()> body) {
  std::lock_guard lock(mu_);
  live_.emplace(id, std::thread(std::move(body)));
}

void ThreadSet::finished(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = live_.find(id);
  if (it == live_.end())
    return;
  finished_.push_back(std::move(it->second));
  live_.erase(it);
}

void ThreadSet::join_finished() {
  std::vector<std::thread> done;
  {
    std::lock_guard lock(mu_);
    done.swap(finished_);
  }
  for (auto& t : done)
    t.join();
}

void ThreadSet::join_all() {
  for (;;) {
    std::vector<std::thread> all;
    {
      std::lock_guard lock(mu_);
      all.swap(finished_);
      for (auto& [id, t] : live_)
        all.push_back(std::move(t));
      live_.clear();
    }
    if (all.empty())
      return;
    for (auto& t : all)
      t.join();
  }
}

} // namespace sctrace::manager
