#include "modes/monitor/monitor.h"

#include <utility>

#include "modes/monitor/monitor_impl.h"
#include "modes/monitor/options.h"

namespace sctrace::monitor {

Result<std::unique_ptr<Monitor>> Monitor::start(MonitorOptions options) {
  SCTRACE_TRY_ASSIGN(program, program_options(options));
  SCTRACE_TRY_ASSIGN(env, engine::resolve_environment(options.bpftrace));
  // The program must generate before anything runs (a bad selection or
  // threshold fails here, not in the run thread).
  gen::GenOptions probe;
  probe.version = env.version;
  SCTRACE_TRY(gen::generate_monitor(program, probe));
  auto impl =
      std::make_unique<Impl>(std::move(options), std::move(program), env);
  impl->start();
  return std::unique_ptr<Monitor>(new Monitor(std::move(impl)));
}

Monitor::Monitor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Monitor::~Monitor() {
  stop();
}

std::shared_ptr<const Snapshot> Monitor::latest() const {
  return impl_->publisher.latest();
}

std::shared_ptr<const Snapshot>
Monitor::wait_next(std::uint64_t after, std::chrono::milliseconds timeout) {
  return impl_->publisher.wait_next(after, timeout);
}

void Monitor::stop() {
  impl_->stop();
}

bool Monitor::ended() const {
  return impl_->ended();
}

std::string Monitor::end_reason() const {
  return impl_->end_reason();
}

bool Monitor::target_ended() const {
  return impl_->target_ended();
}

} // namespace sctrace::monitor
