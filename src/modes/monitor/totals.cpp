#include "modes/monitor/totals.h"

#include <algorithm>

namespace sctrace::monitor {

namespace {

std::uint64_t slow_of(const CounterMap& m) {
  std::uint64_t n = 0;
  for (const auto& [name, c] : m)
    n += c.slow;
  return n;
}

} // namespace

void Totals::add_snapshot(const KernelSnapshot& s) {
  keep_max_all(run_, s.syscalls);
  keep_max_all(run_comm_, s.by_comm);
  run_full_ = std::max(run_full_, s.map_full);
}

void Totals::end_run() {
  add_all(base_, run_);
  add_all(base_comm_, run_comm_);
  base_full_ += run_full_;
  run_.clear();
  run_comm_.clear();
  run_full_ = 0;
}

CounterMap Totals::total() const {
  CounterMap t = base_;
  add_all(t, run_);
  return t;
}

CommMap Totals::by_comm() const {
  CommMap t = base_comm_;
  add_all(t, run_comm_);
  return t;
}

std::uint64_t Totals::kernel_slow() const {
  return slow_of(base_) + slow_of(run_);
}

std::uint64_t Totals::run_slow() const {
  return slow_of(run_);
}

} // namespace sctrace::monitor
