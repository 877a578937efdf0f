// The event loop of a SessionRun: read bpftrace's output, move through the
// phases, stop.
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "engine/cpu_usage.h"
#include "engine/session_run.h"
#include "output/escape.h"

namespace sctrace::engine {

namespace {

std::uint64_t monotonic_ns() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1'000'000'000ULL +
         static_cast<std::uint64_t>(now.tv_nsec);
}

} // namespace

// Ends when bpftrace closed its output, or 2 s after an abort (a
// bpftrace wrapper's child that outlived SIGKILL may keep the pipes open).
Result<void> SessionRun::loop() {
  while (out_open_ || err_open_) {
    if (aborted_ && seconds_since(aborted_at_) > 2)
      break;
    SCTRACE_TRY(pump());
    advance();
  }
  return Ok{};
}

// While bpftrace's output streams in, the pause before each read: one read
// then takes many events instead of the few that arrived while the last
// ones were parsed, so sctrace makes fewer reads and output writes per
// event, and bpftrace's writes mostly find no reader to wake. It delays
// events by at most this much; the pipe (1 MiB) holds far more.
constexpr long kGatherNs = 250'000;

// Waits up to 50 ms for output (or the command's exit) and reads it.
Result<void> SessionRun::pump() {
  if (gather_) {
    const timespec pause{0, kGatherNs};
    ::nanosleep(&pause, nullptr);
    gather_ = false;
  }
  pollfd fds[3];
  int nfds = 0, out = -1, err = -1, cmd = -1;
  if (out_open_)
    fds[out = nfds++] = {bpftrace_->stdout_fd(), POLLIN, 0};
  if (err_open_)
    fds[err = nfds++] = {bpftrace_->stderr_fd(), POLLIN, 0};
  if (command_ && !command_->exited() && phase_ == Phase::Running &&
      command_->pidfd() >= 0)
    fds[cmd = nfds++] = {command_->pidfd(), POLLIN, 0};
  // Arming re-fires its markers every kArmRefire (engine/drain.h).
  int r = ::poll(fds, nfds, phase_ == Phase::Arming ? 5 : 50);
  if (r < 0 && errno != EINTR)
    return make_error(ErrorKind::System,
                      std::string("poll failed: ") + std::strerror(errno));
  if (r <= 0)
    return Ok{};
  if (out >= 0 && fds[out].revents) {
    out_open_ = out_reader_.read_from(fds[out].fd, [&](std::string_view l) {
      if (opt_.on_raw_line)
        opt_.on_raw_line(l);
      parser_->feed(l, *counting_);
    });
    gather_ = out_reader_.last_bytes() > 0 &&
              out_reader_.last_bytes() < LineReader::kReadSize;
    if (opt_.on_batch)
      opt_.on_batch();
  }
  if (err >= 0 && fds[err].revents)
    err_open_ = err_reader_.read_from(fds[err].fd, [&](std::string_view l) {
      stderr_tail_.add(l);
      if (stderr_text_.size() < (1 << 16)) {
        output::append_terminal_safe(stderr_text_, l);
        stderr_text_.push_back('\n');
      }
    });
  if (cmd >= 0 && fds[cmd].revents)
    (void)command_->wait(0);
  return Ok{};
}

void SessionRun::advance() {
  if (!aborted_ && abort_wanted())
    abort_now();
  if (phase_ == Phase::Starting && parser_->stats().attached) {
    phase_ = drainer_.start(*parser_) ? Phase::Arming : Phase::Running;
    phase_at_ = deps_.clock->now();
    note(phase_ == Phase::Arming ? "attaching: arming markers fired"
                                 : "attaching: no CPU to mark, running");
    if (phase_ == Phase::Running)
      start_running();
  }
  if (phase_ == Phase::Arming)
    arm_step();
  check_limits();
  check_stop_causes();
  if (phase_ == Phase::Draining)
    drain_step();
  if (phase_ == Phase::Stopping && !aborted_)
    stop_step();
}

// Arming: bpftrace prints attached_probes before every probe is live, and
// reads no output until it has attached them all, so the command starts
// only once a marker round came back. A round that gives up (bpftrace
// still attaching a long program on a loaded machine) is fired again: only
// the attach deadline (check_limits) or bpftrace's exit ends the wait, and
// then the command, still paused before its exec, never runs.
void SessionRun::arm_step() {
  if (!drainer_.step(*parser_))
    return;
  if (!drainer_.complete()) {
    if (stop_wanted()) { // nothing traced yet: nothing to drain
      request_stop("interrupted", false);
      return;
    }
    note("arming: no marker yet, probes still attaching; firing again");
    (void)drainer_.start(*parser_);
    return;
  }
  // The arming round says nothing about the end of the trace: a stop
  // without a drain (max_events, output_failed) or bpftrace dying must
  // report drained=false.
  drainer_ = Drainer(*deps_.markers, *deps_.clock);
  phase_ = Phase::Running;
  note("armed: running");
  start_running();
}

void SessionRun::start_running() {
  attached_at_ = deps_.clock->now();
  cpu_start_ = cpu_seconds(bpftrace_->pid());
  quiet_perf_samples();
  if (opt_.on_attached)
    opt_.on_attached();
  if (!command_)
    return;
  if (auto rel = command_->release(); !rel.ok()) {
    res_.error = rel.error();
    request_stop("command_failed", false);
  }
}

void SessionRun::check_limits() {
  if ((phase_ == Phase::Starting || phase_ == Phase::Arming) &&
      seconds_since(started_) > 120) {
    res_.error = make_error(ErrorKind::Child,
                            "bpftrace did not attach its probes within 120 s");
    request_stop("attach_timeout", false);
  }
  if (counting_->full() && !limit_hit_) {
    limit_hit_ = true;
    dropped_at_limit_ = parser_->dropped();
    request_stop("max_events", false);
    reason_ = "max_events"; // also when a drain was already under way
  }
  if (phase_ != Phase::Stopping && opt_.output_failed && opt_.output_failed()) {
    if (phase_ == Phase::Draining)
      phase_ = Phase::Running; // abandon the drain: nothing can be written
    request_stop("output_failed", false);
  }
}

unsigned SessionRun::stop_requests() const {
  int flag = opt_.stop_flag ? static_cast<int>(*opt_.stop_flag) : 0;
  return stop_requests_.load() + static_cast<unsigned>(std::max(flag, 0));
}

bool SessionRun::stop_wanted() const {
  return stop_requests() > 0;
}

bool SessionRun::abort_wanted() const {
  return requests_at_stop_ && stop_requests() > *requests_at_stop_;
}

// A stop request after the stop began: no drain, no grace. SIGKILL to
// bpftrace and the command; the loop still reads what they left in the
// pipes, so the result keeps everything read so far.
void SessionRun::abort_now() {
  aborted_ = true;
  aborted_at_ = deps_.clock->now();
  phase_ = Phase::Stopping;
  note("stop requested again: SIGKILL");
  (void)bpftrace_->signal(SIGKILL);
  if (command_ && !command_->exited())
    (void)command_->signal(SIGKILL);
}

bool SessionRun::targets_exited() const {
  if (targets_.empty() && thread_paths_.empty())
    return false;
  for (const auto& t : targets_) {
    pollfd p{t.get(), POLLIN, 0};
    if (::poll(&p, 1, 0) != 1)
      return false;
  }
  for (const auto& path : thread_paths_)
    if (::access(path.c_str(), F_OK) == 0)
      return false;
  return true;
}

void SessionRun::check_stop_causes() {
  if (phase_ == Phase::Running) {
    if (stop_wanted())
      request_stop("interrupted", true);
    else if (targets_exited())
      request_stop("target_exited", true);
    else if (opt_.duration_seconds > 0 &&
             seconds_since(attached_at_) >= opt_.duration_seconds)
      request_stop("duration", true);
    else if (command_ && command_->exited())
      request_stop("command_exited", true);
  } else if (phase_ == Phase::Starting && stop_wanted()) {
    // Nothing is attached yet, so there is nothing to drain. (A stop
    // during Arming waits for the marker round, then drains as usual, or
    // ends the trace undrained if the round gives up: arm_step.)
    request_stop("interrupted", false);
  }
}

void SessionRun::drain_step() {
  if (!drainer_.step(*parser_))
    return;
  phase_ = Phase::Stopping;
  phase_at_ = deps_.clock->now();
  note(drainer_.complete() ? "drained: SIGINT" : "drain gave up: SIGINT");
  (void)bpftrace_->signal(SIGINT);
}

// bpftrace 0.17 only sees SIGINT in epoll_wait (EINTR) or with the next
// event: a signal that lands while it is busy is noticed only when more
// output comes, which may be never. So it is repeated every 250 ms (its
// handler only sets a flag), then SIGTERM, then SIGKILL.
void SessionRun::stop_step() {
  double t = seconds_since(phase_at_);
  if (t < opt_.stop_grace_seconds && t >= next_sigint_) {
    next_sigint_ += 0.25;
    (void)bpftrace_->signal(SIGINT);
  }
  if (t > opt_.stop_grace_seconds + 2) {
    note("SIGKILL");
    (void)bpftrace_->signal(SIGKILL);
  } else if (t > opt_.stop_grace_seconds) {
    note("SIGTERM");
    (void)bpftrace_->signal(SIGTERM);
  }
}

void SessionRun::request_stop(const std::string& why, bool drain) {
  if (phase_ == Phase::Draining || phase_ == Phase::Stopping)
    return;
  reason_ = why;
  requests_at_stop_ = stop_requests();
  stop_at_ = phase_at_ = deps_.clock->now();
  if (attached_at_ != time_point{})
    cpu_stop_ = cpu_seconds(bpftrace_->pid());
  res_.stop_monotonic_ns = monotonic_ns();
  counting_->set_stop(res_.stop_monotonic_ns);
  if (drain && drainer_.start(*parser_)) {
    phase_ = Phase::Draining;
    note("stop requested: draining");
    return;
  }
  phase_ = Phase::Stopping;
  note("stop requested: SIGINT");
  (void)bpftrace_->signal(SIGINT);
}

} // namespace sctrace::engine
