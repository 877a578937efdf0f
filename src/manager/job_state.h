// JobState: one job of the TraceManager, its lifecycle and its records.
//
// Contract:
//  - Every member is thread-safe (one mutex per job). The manager's
//    lifecycle calls (mark_running, end_unstarted, finish) are made with
//    the manager's lock held, so the Queued -> Running -> ended steps are
//    seen together with the scheduler's counts; JobState itself never takes
//    the manager's lock (lock order: manager, then job).
//  - Records: a record is kept while fewer than max_records are kept and
//    the kept JSON text (dump(), invalid UTF-8 replaced) stays within
//    max_record_bytes. From the first record refused on, none is kept, so
//    the kept records are a prefix of what the job produced and a cursor
//    (an index into them) never skips a gap; refused ones are counted.
//  - The stop flag: a volatile std::sig_atomic_t owned here, handed to
//    Job::run. It is set (once, to 1) with an atomic store; a Job may read
//    it as a plain volatile, like a signal handler's flag (an aligned int
//    store is atomic on Linux targets); ThreadSanitizer is only quiet when
//    the reader loads it with __atomic_load_n too.
#pragma once

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "manager/job.h"
#include "manager/trace_manager.h"

namespace sctrace::manager {

// Why a job's stop flag was set; the first cause wins.
enum class StopCause { None, Request, MaxDuration, Shutdown };

class JobState {
public:
  JobState(std::string id, Job job, const Limits& limits);
  JobState(const JobState&) = delete;
  JobState& operator=(const JobState&) = delete;

  const std::string& id() const { return id_; }
  Status status() const;

  // Lifecycle, called by the manager (its lock held).
  void mark_running();
  // Sets the stop flag of a running job; false (nothing done) otherwise.
  bool request_stop(StopCause cause);
  // A queued job ends "stopped" without running.
  void end_unstarted();
  // A job ends after run(): status from the end, the stop cause, the
  // truncation; a job that could not start at all passes its error.
  void finish(JobEnd end);

  // On the job's own thread: calls Job::run with this job as the sink,
  // turning an escaping exception into the job's error. Once only.
  JobEnd run();
  void mark_attached();
  void add_record(nlohmann::json record);

  // Readers. info() leaves queue_position 0 (the scheduler knows it).
  Info info() const;
  Page page(std::uint64_t cursor, std::size_t limit) const;
  Page wait_page(std::uint64_t cursor, std::size_t limit,
                 std::chrono::milliseconds timeout) const;
  // Waits up to timeout for the end; true when the job has ended.
  bool wait_end(std::chrono::milliseconds timeout) const;

private:
  bool ended_locked() const;
  Page page_locked(std::uint64_t cursor, std::size_t limit) const;
  void end_locked(Status status);

  const std::string id_;
  Job job_;
  const std::uint64_t max_records_;
  const std::uint64_t max_bytes_;
  const double max_duration_;

  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  Status status_ = Status::Queued;
  bool attached_ = false;
  double created_ = 0;
  std::optional<double> started_, ended_;
  std::vector<nlohmann::json> kept_;
  std::uint64_t kept_bytes_ = 0;
  std::uint64_t produced_ = 0;
  std::uint64_t dropped_ = 0;
  StopCause stop_cause_ = StopCause::None;
  volatile std::sig_atomic_t stop_flag_ = 0;
  JobEnd end_;
};

} // namespace sctrace::manager
