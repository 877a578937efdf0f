// TraceManager::State: what the manager's members share (internal).
//
// Locks, in the only order they are taken: `mu` (the registry and the
// scheduler), then a JobState's own lock, the ThreadSet's or the Reaper's.
// Nothing holding a JobState, ThreadSet or Reaper lock takes `mu`.
// Job threads capture a State*: the destructor joins them before State
// goes.
#pragma once

#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <unordered_map>

#include "manager/job_state.h"
#include "manager/reaper.h"
#include "manager/scheduler.h"
#include "manager/thread_set.h"
#include "manager/trace_manager.h"

namespace sctrace::manager {

struct TraceManager::State {
  explicit State(Limits resolved);

  // runner.cpp: launching jobs and ending them (mu held unless said).
  void launch(std::shared_ptr<JobState> job);
  bool try_launch(const std::shared_ptr<JobState>& job);
  void run_thread(const std::shared_ptr<JobState>& job); // mu not held
  void ended(const std::shared_ptr<JobState>& job);      // expiry, mu held
  void shut_down();                                      // mu not held

  // trace_manager.cpp: lookups.
  std::string new_id(); // mu held
  Result<std::shared_ptr<JobState>> find(const std::string& id) const;
  Info snapshot(const std::shared_ptr<JobState>& job) const; // mu not held

  const Limits limits;
  mutable std::mutex mu;
  std::unordered_map<std::string, std::shared_ptr<JobState>> jobs;
  Scheduler scheduler;
  bool shutting_down = false;
  std::random_device random;
  ThreadSet threads;
  Reaper reaper; // last: its thread starts once the rest exists
};

} // namespace sctrace::manager
