// TraceManager's public members: the registry of jobs by id, over the
// Scheduler, the JobStates, the ThreadSet and the Reaper (state.h).
#include "manager/trace_manager.h"

#include <algorithm>
#include <cstdio>

#include "manager/messages.h"
#include "manager/state.h"

namespace sctrace::manager {
namespace {

Limits resolve(Limits limits) {
  if (limits.max_running == 0)
    limits.max_running = default_max_running();
  return limits;
}

// Waits are bounded to a day, so that a huge timeout cannot overflow the
// clock arithmetic; a negative one does not wait.
std::chrono::milliseconds bounded(std::chrono::milliseconds timeout) {
  return std::clamp(timeout, std::chrono::milliseconds(0),
                    std::chrono::milliseconds(std::chrono::hours(24)));
}

} // namespace

TraceManager::State::State(Limits resolved)
    : limits(resolved), scheduler(resolved.max_running, resolved.max_queued),
      reaper(Reaper::Actions{[this](const std::string& id) {
                               std::lock_guard lock(mu);
                               jobs.erase(id);
                             },
                             [this] { threads.join_finished(); }}) {}

// "t-" and 16 hex digits; retried in the (2^-64) case of a live id.
std::string TraceManager::State::new_id() {
  for (;;) {
    std::uint64_t bits =
        (static_cast<std::uint64_t>(random()) << 32) | random();
    char text[32];
    std::snprintf(text, sizeof text, "t-%016llx",
                  static_cast<unsigned long long>(bits));
    if (!jobs.contains(text))
      return text;
  }
}

Result<std::shared_ptr<JobState>>
TraceManager::State::find(const std::string& id) const {
  std::lock_guard lock(mu);
  auto it = jobs.find(id);
  if (it == jobs.end())
    return unknown_trace(id, limits.ttl_seconds);
  return it->second;
}

Info TraceManager::State::snapshot(const std::shared_ptr<JobState>& job) const {
  std::lock_guard lock(mu);
  Info info = job->info();
  if (info.status == Status::Queued)
    info.queue_position = scheduler.position(*job);
  return info;
}

std::vector<Info> TraceManager::list() const {
  std::vector<std::shared_ptr<JobState>> jobs;
  {
    std::lock_guard lock(state_->mu);
    for (const auto& [id, job] : state_->jobs)
      jobs.push_back(job);
  }
  std::vector<Info> out;
  for (const auto& job : jobs)
    out.push_back(state_->snapshot(job));
  std::sort(out.begin(), out.end(), [](const Info& a, const Info& b) {
    return a.created < b.created || (a.created == b.created && a.id < b.id);
  });
  return out;
}

TraceManager::TraceManager(Limits limits)
    : state_(std::make_unique<State>(resolve(limits))) {}

TraceManager::~TraceManager() {
  state_->shut_down();
}

Result<std::string> TraceManager::start(Job job) {
  State& s = *state_;
  std::lock_guard lock(s.mu);
  if (s.shutting_down)
    return shutting_down();
  std::string id = s.new_id();
  auto state = std::make_shared<JobState>(id, std::move(job), s.limits);
  auto admission = s.scheduler.admit(state);
  if (admission == Scheduler::Admission::Busy)
    return busy(s.scheduler.running(), s.scheduler.queued());
  s.jobs.emplace(id, state);
  if (admission == Scheduler::Admission::Run)
    s.launch(state);
  return id;
}

Result<Info> TraceManager::get(const std::string& id) const {
  SCTRACE_TRY_ASSIGN(job, state_->find(id));
  return state_->snapshot(job);
}

Result<Page> TraceManager::records(const std::string& id, std::uint64_t cursor,
                                   std::size_t limit) const {
  SCTRACE_TRY_ASSIGN(job, state_->find(id));
  return job->page(cursor, limit);
}

Result<Page>
TraceManager::wait_records(const std::string& id, std::uint64_t cursor,
                           std::size_t limit,
                           std::chrono::milliseconds timeout) const {
  SCTRACE_TRY_ASSIGN(job, state_->find(id));
  return job->wait_page(cursor, limit, bounded(timeout));
}

Result<void> TraceManager::stop(const std::string& id) {
  State& s = *state_;
  std::lock_guard lock(s.mu);
  auto it = s.jobs.find(id);
  if (it == s.jobs.end())
    return unknown_trace(id, s.limits.ttl_seconds);
  auto& job = it->second;
  if (s.scheduler.cancel(*job)) {
    job->end_unstarted();
    s.ended(job);
  } else {
    job->request_stop(StopCause::Request);
  }
  return Ok{};
}

Result<Info> TraceManager::wait(const std::string& id,
                                std::chrono::milliseconds timeout) const {
  SCTRACE_TRY_ASSIGN(job, state_->find(id));
  job->wait_end(bounded(timeout));
  return state_->snapshot(job);
}

std::size_t TraceManager::running() const {
  std::lock_guard lock(state_->mu);
  return state_->scheduler.running();
}

std::size_t TraceManager::queued() const {
  std::lock_guard lock(state_->mu);
  return state_->scheduler.queued();
}

const Limits& TraceManager::limits() const {
  return state_->limits;
}

} // namespace sctrace::manager
