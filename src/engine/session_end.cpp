// The end of a SessionRun: reap the processes and say what happened.
#include <poll.h>

#include <csignal>
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
// because the trace ended first (duration, interrupt) gets SIGTERM, and
// SIGKILL after the grace (or at once on another stop request) when it
// ignores SIGTERM.
void SessionRun::finish_command() {
  (void)bpftrace_->wait(std::nullopt);
  if (!command_)
    return;
  if (!requests_at_stop_)
    requests_at_stop_ = stop_requests(); // from now on a request aborts
  if (!command_->released()) {
    // Still paused before its exec: it never ran, so it has no status.
    note("command never started: SIGKILL");
    (void)command_->signal(SIGKILL);
    (void)command_->wait(std::nullopt);
    res_.summary.command_not_started = true;
    return;
  }
  if (!command_->exited() && !aborted_) {
    (void)command_->signal(SIGTERM);
    wait_for_command(opt_.command_kill_grace_seconds);
  }
  if (!command_->exited()) {
    note("command still running: SIGKILL");
    (void)command_->signal(SIGKILL);
  }
  (void)command_->wait(std::nullopt);
  if (command_->exit_code())
    res_.summary.command_exit_code = *command_->exit_code();
  else if (command_->term_signal())
    res_.summary.command_exit_code = 128 + *command_->term_signal();
}

// Waits up to seconds (the session's clock) for the command to exit, in
// 50 ms slices so that a stop request ends the wait at once.
void SessionRun::wait_for_command(double seconds) {
  const time_point from = deps_.clock->now();
  while (seconds_since(from) < seconds && !abort_wanted()) {
    auto exited = command_->wait(50);
    if (!exited.ok() || *exited)
      return;
    if (command_->pidfd() < 0)
      ::poll(nullptr, 0, 50); // no pidfd: wait() did not wait
  }
}

void SessionRun::fill_summary() {
  res_.bpftrace_stderr = run::filter_bpftrace_stderr(stderr_text_);
  for (const auto& h : parser_->helper_errors())
    res_.helper_errors.push_back(h.helper + " returned " +
                                 std::to_string(h.retcode) +
                                 (h.msg.empty() ? "" : " (" + h.msg + ")"));
  res_.map_updates_lost = parser_->stats().map_updates_lost;
  res_.maps = parser_->maps();
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
  // Numbered events show the loss before the limit's event; a counted
  // program's markers show it only at the drain, events lost between
  // the limit and the drain included.
  if (limit_hit_ && parser_->numbered())
    s.events_dropped = dropped_at_limit_;
  s.drained = drainer_.complete();
  // The arming round's markers do not count: only the final drain, or
  // bpftrace's per-CPU counts at exit, make the loss known; a bpftrace
  // that never reported attaching its probes emitted nothing to lose.
  s.loss_exact =
      s.drained || parser_->seq_counts_seen() || !parser_->stats().attached;
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
// While stopping, only a signal the session does not send (SIGABRT,
// SIGSEGV: a crash in END) is an error. Each error ends with bpftrace's
// last stderr lines.
void SessionRun::explain_end() {
  events::Summary& s = res_.summary;
  const run::Process& b = *bpftrace_;
  if (phase_ == Phase::Stopping) {
    s.stop_reason = reason_;
    const int sig = b.term_signal().value_or(0);
    if (!res_.error && sig && sig != SIGINT && sig != SIGTERM && sig != SIGKILL)
      res_.error = died_unexpectedly();
    return;
  }
  s.stop_reason = "bpftrace_exited";
  if (res_.error)
    return;
  // A signal before the probes were live is a failed start only when
  // bpftrace said why (it aborts when it runs out of fds); else it was
  // killed from outside, as later.
  const bool starting = phase_ == Phase::Starting || phase_ == Phase::Arming;
  const bool said_why =
      stderr_text_.find("Too many open files") != std::string::npos;
  if (starting && (!b.term_signal() || said_why))
    res_.error = run::classify_bpftrace_failure(
        stderr_text_, b.exit_code().value_or(-1), b.term_signal().value_or(0),
        program_text_);
  else
    res_.error = died_unexpectedly();
}

Error SessionRun::died_unexpectedly() const {
  return make_error(ErrorKind::Child,
                    "bpftrace exited unexpectedly (" +
                        run::describe_bpftrace_end(*bpftrace_) + ") after " +
                        std::to_string(res_.summary.total_events) +
                        " events; the results so far are kept" +
                        stderr_tail_.said());
}

} // namespace sctrace::engine
