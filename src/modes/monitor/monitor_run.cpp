// Monitor::Impl's threads: the run loop with its restarts, and the tick.
#include <algorithm>
#include <chrono>

#include "engine/mode.h"
#include "modes/monitor/monitor_impl.h"

namespace sctrace::monitor {

Monitor::Impl::Impl(MonitorOptions options, gen::MonitorProgramOptions program,
                    engine::Environment env)
    : options_(std::move(options)), program_(std::move(program)),
      env_(std::move(env)),
      kernel_cpu_(KernelCpuClock::for_target(options_.target)) {}

Monitor::Impl::~Impl() {
  stop();
}

void Monitor::Impl::start() {
  run_thread_ = std::thread([this] { run_loop(); });
  tick_thread_ = std::thread([this] { tick_loop(); });
}

void Monitor::Impl::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    if (session_)
      session_->stop();
    wake_.notify_all();
  }
  for (std::thread* t : {&run_thread_, &tick_thread_})
    if (t->joinable() && t->get_id() != std::this_thread::get_id())
      t->join();
  publisher.close();
}

bool Monitor::Impl::ended() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ended_;
}

std::string Monitor::Impl::end_reason() const {
  std::lock_guard<std::mutex> lock(mu_);
  return end_reason_;
}

bool Monitor::Impl::target_ended() const {
  std::lock_guard<std::mutex> lock(mu_);
  return target_ended_;
}

void Monitor::Impl::run_loop() {
  int failures = 0; // runs in a row whose program never ran
  for (;;) {
    engine::SessionResult r;
    const bool ran = run_once(r);
    end_run(r);
    failures = ran ? 0 : failures + 1;
    if (!should_restart(r, ran))
      break;
    backoff(failures);
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      finish_monitor("");
      break;
    }
    ++restarts_;
  }
  publisher.close();
}

bool Monitor::Impl::run_once(engine::SessionResult& result) {
  MonitorHooks hooks;
  hooks.snapshot = [this](const KernelSnapshot& k) { on_kernel(k); };
  hooks.slow = [this](SlowCall c) { on_slow(std::move(c)); };
  hooks.slow_room = [this] { return slow_room(); };
  hooks.attached = [this] { on_attached(); };
  MonitorMode mode(program_, env_.dialect.escaped_map_keys, std::move(hooks));
  engine::SessionOptions s;
  s.command = options_.target.command;
  s.target_pids = program_.target.pids;
  s.stop_grace_seconds = 5;
  if (options_.diagnostics.raw_line)
    s.on_raw_line = options_.diagnostics.raw_line;
  engine::Dependencies deps;
  deps.logger = options_.diagnostics.log;
  engine::Session session(engine::bind_mode(mode, std::move(s)), env_,
                          std::move(deps));
  {
    std::lock_guard<std::mutex> lock(mu_);
    session_ = &session;
    if (stopping_)
      session.stop();
  }
  result = session.run(mode);
  mode.finish(result, env_);
  std::lock_guard<std::mutex> lock(mu_);
  session_ = nullptr;
  return mode.attached() || mode.reported();
}

bool Monitor::Impl::should_restart(const engine::SessionResult& r, bool ran) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string& why = r.summary.stop_reason;
  const std::string error = r.error ? r.error->message : why;
  if (stopping_) {
    finish_monitor("");
    return false;
  }
  if (why == "target_exited" || why == "command_exited") {
    target_ended_ = true;
    finish_monitor(why == "target_exited" ? "the traced processes exited"
                                          : "the command exited");
    return false;
  }
  if (!options_.target.command.empty() || (!ran && restarts_ == 0)) {
    // A command cannot be run again; a first run whose program never ran
    // would fail the same way again.
    finish_monitor("bpftrace ended: " + error);
    return false;
  }
  if (restarts_ >= static_cast<std::uint64_t>(options_.max_restarts)) {
    finish_monitor(
        "bpftrace ended unexpectedly after " + std::to_string(restarts_) +
        " restarts, the most allowed (max_restarts); giving up: " + error);
    return false;
  }
  warn("bpftrace ended unexpectedly (" + error + "); it was started again");
  return true;
}

// 100 ms after a run whose program ran, doubling for each run in a row
// whose program did not, up to 5 s; a stop ends the wait.
void Monitor::Impl::backoff(int failures) {
  auto wait = std::chrono::milliseconds(100) * (1 << std::min(failures, 6));
  wait = std::min<std::chrono::milliseconds>(wait, std::chrono::seconds(5));
  std::unique_lock<std::mutex> lock(mu_);
  wake_.wait_for(lock, wait, [this] { return stopping_; });
}

void Monitor::Impl::tick_loop() {
  const auto interval = std::chrono::milliseconds(program_.interval_ms);
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_ && !ended_) {
    wake_.wait_for(lock, interval, [this] { return stopping_ || ended_; });
    const std::int64_t since = wall_now_ns() - last_publish_ns_;
    if (!stopping_ && !ended_ && !up_ &&
        since >= static_cast<std::int64_t>(program_.interval_ms) * 1'000'000)
      publish_locked();
  }
}

} // namespace sctrace::monitor
