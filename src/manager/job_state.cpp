// JobState's lifecycle: queued, running, ended (job_records.cpp keeps the
// records and answers the readers).
#include "manager/job_state.h"

#include <exception>
#include <utility>

#include "manager/clock.h"
#include "manager/messages.h"

namespace sctrace::manager {
namespace {

// What Job::run reports to: the job's own state.
class StateSink : public JobSink {
public:
  explicit StateSink(JobState& state) : state_(state) {}
  void attached() override { state_.mark_attached(); }
  void record(nlohmann::json record) override {
    state_.add_record(std::move(record));
  }

private:
  JobState& state_;
};

} // namespace

JobState::JobState(std::string id, Job job, const Limits& limits)
    : id_(std::move(id)), job_(std::move(job)),
      max_records_(limits.max_records), max_bytes_(limits.max_record_bytes),
      max_duration_(limits.max_duration_seconds), created_(epoch_now()) {}

Status JobState::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

void JobState::mark_running() {
  std::lock_guard lock(mu_);
  status_ = Status::Running;
  started_ = epoch_now();
  changed_.notify_all();
}

bool JobState::request_stop(StopCause cause) {
  std::lock_guard lock(mu_);
  if (status_ != Status::Running)
    return false;
  if (stop_cause_ == StopCause::None)
    stop_cause_ = cause;
  __atomic_store_n(&stop_flag_, 1, __ATOMIC_SEQ_CST);
  return true;
}

void JobState::end_unstarted() {
  std::lock_guard lock(mu_);
  stop_cause_ = StopCause::Request;
  end_locked(Status::Stopped);
}

JobEnd JobState::run() {
  StateSink sink(*this);
  try {
    return job_.run(sink, &stop_flag_);
  } catch (const std::exception& e) {
    return JobEnd{nlohmann::json::object(), internal_error(e.what()), {}};
  } catch (...) {
    return JobEnd{nlohmann::json::object(),
                  internal_error("an exception of an unknown type"),
                  {}};
  }
}

void JobState::finish(JobEnd end) {
  std::lock_guard lock(mu_);
  end_ = std::move(end);
  if (!end_.summary.is_object())
    end_.summary = nlohmann::json::object();
  if (stop_cause_ == StopCause::MaxDuration)
    end_.warnings.push_back(max_duration_warning(max_duration_));
  if (dropped_ > 0)
    end_.warnings.push_back(
        truncation_warning(kept_.size(), dropped_, max_records_, max_bytes_));
  Status status = Status::Completed;
  if (end_.error)
    status = Status::Failed;
  else if (stop_cause_ != StopCause::None)
    status = Status::Stopped;
  end_locked(status);
}

void JobState::end_locked(Status status) {
  status_ = status;
  ended_ = epoch_now();
  job_.run = nullptr; // frees what the job captured; run() is done
  changed_.notify_all();
}

bool JobState::ended_locked() const {
  return ended_.has_value();
}

Info JobState::info() const {
  std::lock_guard lock(mu_);
  Info info;
  info.id = id_;
  info.mode = job_.mode;
  info.status = status_;
  info.attached = attached_;
  info.created = created_;
  info.started = started_;
  info.ended = ended_;
  info.records = produced_;
  info.records_truncated = dropped_;
  info.truncated = dropped_ > 0;
  if (ended_locked()) {
    info.summary = end_.summary;
    info.error = end_.error;
    info.warnings = end_.warnings;
  }
  info.request = job_.request;
  return info;
}

} // namespace sctrace::manager
