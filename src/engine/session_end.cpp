// The end of a SessionRun: reap the processes and say what happened.
#include <cstdio>

#include "engine/session_run.h"
#include "run/bpftrace.h"

namespace sctrace::engine {

double SessionRun::seconds_since(time_point t) const {
  return std::chrono::duration<double>(deps_.clock->now() - t).count();
}

void SessionRun::note(const char* what) const {
  if (!deps_.logger)
    return;
  char line[160];
  std::snprintf(line, sizeof line, "%.3f s: %s", seconds_since(started_), what);
  deps_.logger(line);
}

// The session stops tracing, not the command: a command still running
// because the trace ended first (duration, interrupt) gets SIGTERM.
void SessionRun::finish_command() {
  (void)bpftrace_->wait(std::nullopt);
  if (!command_)
    return;
  if (!command_->exited())
    (void)command_->signal(SIGTERM);
  (void)command_->wait(std::nullopt);
  if (command_->exit_code())
    res_.summary.command_exit_code = *command_->exit_code();
  else if (command_->term_signal())
    res_.summary.command_exit_code = 128 + *command_->term_signal();
}

void SessionRun::fill_summary() {
  res_.bpftrace_stderr = run::filter_bpftrace_stderr(stderr_text_);
  for (const auto& h : parser_->helper_errors())
    res_.helper_errors.push_back(h.helper + " returned " +
                                 std::to_string(h.retcode) +
                                 (h.msg.empty() ? "" : " (" + h.msg + ")"));
  res_.map_updates_lost = parser_->stats().map_updates_lost;
  res_.records = parser_->records();
  events::Summary& s = res_.summary;
  const bool attached = attached_at_ != time_point{};
  if (attached) {
    time_point end = stop_at_ == time_point{} ? deps_.clock->now() : stop_at_;
    s.duration_seconds =
        std::chrono::duration<double>(end - attached_at_).count();
  }
  if (cpu_stop_ == 0 && attached)
    cpu_stop_ = cpu_start_; // bpftrace died on its own: not measurable
  counting_->aggregator().fill_summary(s);
  parser_->fill_summary(s, drainer_.cpu_count());
  s.total_events = counting_->delivered();
  s.events_after_stop = counting_->after_stop();
  if (limit_hit_)
    s.events_dropped = dropped_at_limit_;
  s.drained = drainer_.complete();
  s.bpftrace_exit_code = bpftrace_->exit_code();
  s.bpftrace_signal = bpftrace_->term_signal();
  s.cpu_seconds = std::max(0.0, cpu_stop_ - cpu_start_);
  if (s.duration_seconds > 0)
    s.events_per_second = s.total_events / s.duration_seconds;
}

// Why the run ended. bpftrace ending on its own is an error: before the
// probes were live it failed to start, even when it had already printed
// "Attaching N probes" (it creates maps and loads programs after that),
// and its own message says why; afterwards it died under the session.
void SessionRun::explain_end() {
  events::Summary& s = res_.summary;
  if (phase_ == Phase::Stopping) {
    s.stop_reason = reason_;
    return;
  }
  s.stop_reason = "bpftrace_exited";
  if (res_.error)
    return;
  const run::Process& b = *bpftrace_;
  if ((phase_ == Phase::Starting || phase_ == Phase::Arming) &&
      !b.term_signal()) {
    res_.error = run::classify_bpftrace_failure(
        stderr_text_, b.exit_code().value_or(-1), program_text_);
    return;
  }
  std::string how =
      b.term_signal()
          ? "killed by signal " + std::to_string(*b.term_signal())
          : "exit code " + std::to_string(b.exit_code().value_or(-1));
  res_.error = make_error(ErrorKind::Child,
                          "bpftrace exited unexpectedly (" + how + ") after " +
                              std::to_string(s.total_events) +
                              " events; the results so far are kept");
}

} // namespace sctrace::engine
