// The quantile window (quantile_window.h).
#include "exporter/quantile_window.h"

namespace sctrace::exporter {

void QuantileWindow::add(std::shared_ptr<const monitor::Snapshot> snapshot) {
  if (!snapshot)
    return;
  std::lock_guard lock(mutex_);
  if (!kept_.empty() && kept_.back()->seq >= snapshot->seq)
    return;
  kept_.push_back(std::move(snapshot));
  const auto window_ns = static_cast<std::int64_t>(seconds_ * 1e9);
  const std::int64_t start = kept_.back()->wall_ns - window_ns;
  // Drop the oldest while the next one is still outside the window.
  while (kept_.size() > 2 && kept_[1]->wall_ns <= start)
    kept_.pop_front();
}

std::shared_ptr<const monitor::Snapshot>
QuantileWindow::base(const monitor::Snapshot& latest) const {
  std::lock_guard lock(mutex_);
  for (const auto& s : kept_)
    if (s->seq < latest.seq)
      return s;
  return nullptr;
}

} // namespace sctrace::exporter
