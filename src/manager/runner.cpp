// Running jobs: a thread per job, the end of a job and the next queued one,
// and shutdown.
#include <system_error>
#include <utility>

#include "manager/clock.h"
#include "manager/messages.h"
#include "manager/state.h"

namespace sctrace::manager {

// Launches `job` (holding a slot), then any queued job whose launch is
// needed because one failed to start.
void TraceManager::State::launch(std::shared_ptr<JobState> job) {
  while (job && !try_launch(job)) {
    scheduler.release();
    job = scheduler.next();
  }
}

// false when no thread could be made: the job then ended failed.
bool TraceManager::State::try_launch(const std::shared_ptr<JobState>& job) {
  job->mark_running();
  try {
    threads.launch(job->id(), [this, job] { run_thread(job); });
  } catch (const std::system_error& e) {
    job->finish(JobEnd{nlohmann::json::object(), thread_failed(e.what()), {}});
    ended(job);
    return false;
  }
  if (auto when = steady_after(limits.max_duration_seconds))
    reaper.stop_at(job, *when);
  return true;
}

void TraceManager::State::run_thread(const std::shared_ptr<JobState>& job) {
  JobEnd end = job->run();
  {
    std::lock_guard lock(mu);
    // The slot is free and the job ended in one step: whoever sees the
    // job ended also sees running() without it and the next one started.
    scheduler.release();
    job->finish(std::move(end));
    ended(job);
    if (!shutting_down)
      launch(scheduler.next());
  }
  threads.finished(job->id());
  reaper.wake();
}

void TraceManager::State::ended(const std::shared_ptr<JobState>& job) {
  if (auto when = steady_after(limits.ttl_seconds))
    reaper.free_at(job->id(), *when);
}

void TraceManager::State::shut_down() {
  {
    std::lock_guard lock(mu);
    shutting_down = true;
    for (auto& job : scheduler.take_queue())
      job->end_unstarted();
    for (auto& [id, job] : jobs)
      job->request_stop(StopCause::Shutdown);
  }
  threads.join_all();
  reaper.shutdown();
  threads.join_all(); // none left; the reaper may have held some
}

} // namespace sctrace::manager
