#include "cli/top_source.h"

#include <chrono>

namespace sctrace::cli {

Result<std::unique_ptr<TopSource>>
TopSource::start(monitor::MonitorOptions options) {
  std::unique_ptr<TopSource> source(new TopSource(options));
  SCTRACE_TRY_ASSIGN(m, monitor::Monitor::start(std::move(options)));
  source->monitor_ = std::move(m);
  return source;
}

TopSource::~TopSource() {
  if (monitor_)
    monitor_->stop();
}

top::SnapshotPtr TopSource::next(std::uint64_t after) {
  if (!monitor_)
    return nullptr;
  return monitor_->wait_next(after, std::chrono::milliseconds(0));
}

bool TopSource::ended() const {
  return !monitor_ || monitor_->ended();
}

std::string TopSource::end_reason() const {
  return monitor_ ? monitor_->end_reason() : "the monitor did not restart";
}

bool TopSource::target_ended() const {
  return monitor_ && monitor_->target_ended();
}

Result<void> TopSource::retarget(const top::Filter& filter) {
  monitor::MonitorOptions next = original_;
  if (!filter.empty()) {
    next.target = targets::TargetOptions{};
    if (filter.pid)
      next.target.pids = {*filter.pid};
    else
      next.target.comm = filter.comm;
  }
  if (monitor_) {
    monitor_->stop();
    monitor_.reset();
  }
  auto started = monitor::Monitor::start(next);
  if (started.ok()) {
    monitor_ = std::move(started).value();
    current_ = std::move(next);
    return Ok{};
  }
  auto again = monitor::Monitor::start(current_);
  if (again.ok())
    monitor_ = std::move(again).value();
  return std::move(started).take_error();
}

} // namespace sctrace::cli
