// `sctrace top`'s view and model on a fake monitor, for the tmux tests of
// the terminal layer (view_tmux.sh) that need neither root nor bpftrace.
//
// Every 200 ms it publishes a snapshot of a fixed workload: read 3000/s,
// write 2000/s, openat 1000/s (100 of them failing), futex 500/s (1 ms
// each); once a second a slow call of pid 4242 (comm "db") and one of pid
// 77 whose comm holds an escape sequence. A retarget to pid 4242 keeps
// only read (as a monitor aimed at it would). It prints "fake_top: exit N"
// after the view has restored the terminal.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <mutex>

#include "top/view.h"

namespace {

using namespace sctrace;

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) {
  g_stop = 1;
}

class FakeSource : public top::SnapshotSource {
public:
  top::SnapshotPtr next(std::uint64_t after) override;
  bool ended() const override { return false; }
  std::string end_reason() const override { return ""; }
  bool target_ended() const override { return false; }
  Result<void> retarget(const top::Filter& filter) override;

private:
  monitor::SyscallCounters counters(std::uint64_t calls, std::uint64_t errors,
                                    int bucket) const;
  top::SnapshotPtr make(std::uint64_t seq);
  top::Filter filter_;
  std::uint64_t published_ = 0;
  std::chrono::steady_clock::time_point start_ =
      std::chrono::steady_clock::now();
  std::map<std::string, monitor::SyscallCounters> total_;
};

monitor::SyscallCounters FakeSource::counters(std::uint64_t calls,
                                              std::uint64_t errors,
                                              int bucket) const {
  monitor::SyscallCounters c;
  c.calls = calls;
  c.errors = errors;
  c.total_ns = calls * (std::uint64_t{1} << (bucket - 1));
  c.buckets.assign(monitor::kBuckets, 0);
  c.buckets[bucket] = calls * 3 / 4;
  c.buckets[bucket + 1] = calls - calls * 3 / 4;
  return c;
}

top::SnapshotPtr FakeSource::make(std::uint64_t seq) {
  auto s = std::make_shared<monitor::Snapshot>();
  s->seq = seq;
  s->interval_seconds = 0.2;
  s->bpftrace_up = true;
  s->interval["read"] = counters(600 + seq % 10 * 7, 0, 11);
  if (!filter_.pid) {
    s->interval["write"] = counters(400, 0, 13);
    s->interval["openat"] = counters(200, 20, 12);
    s->interval["futex"] = counters(100, 0, 21);
  }
  for (auto& [name, c] : s->interval) {
    monitor::SyscallCounters& t = total_[name];
    t.calls += c.calls;
    t.errors += c.errors;
    t.total_ns += c.total_ns;
  }
  s->total = total_;
  if (seq % 5 == 0) {
    monitor::SlowCall db{
        0, 4242, 4242, "db", "read", 25000000, 0, 3, "/var/lib/db/data.1"};
    monitor::SlowCall evil{0,        77, 77, "ev\x1b[2Jil",     "write",
                           15000000, 0,  1,  "/tmp/\x1b[31mred"};
    s->slow.push_back(evil);
    s->slow.push_back(db);
  }
  s->events_dropped = 7;
  s->has_kernel_cpu = true; // 24 ms of system time each 200 ms: 12%
  s->interval_kernel_cpu_ns = 24'000'000;
  s->kernel_cpu_ns = seq * s->interval_kernel_cpu_ns;
  return s;
}

top::SnapshotPtr FakeSource::next(std::uint64_t after) {
  auto due =
      static_cast<std::uint64_t>((std::chrono::steady_clock::now() - start_) /
                                 std::chrono::milliseconds(200));
  if (after >= published_ && published_ < due)
    ++published_;
  if (after >= published_)
    return nullptr;
  return make(after + 1);
}

Result<void> FakeSource::retarget(const top::Filter& filter) {
  if (filter.pid && *filter.pid != 4242)
    return make_error(ErrorKind::Invalid,
                      "no process " + std::to_string(*filter.pid));
  filter_ = filter;
  total_.clear();
  published_ = 0;
  start_ = std::chrono::steady_clock::now();
  return Ok{};
}

} // namespace

int main() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGHUP, on_signal);
  top::ModelOptions options;
  options.interval_seconds = 0.2;
  options.ascii_only = !top::init_locale();
  top::Model model(options);
  FakeSource source;
  top::ViewOptions view;
  view.stop_flag = &g_stop;
  Result<void> r = top::run_view(model, source, view);
  std::printf("fake_top: exit %d%s%s\n", r.ok() ? 0 : 1, r.ok() ? "" : ": ",
              r.ok() ? "" : r.error().message.c_str());
  return r.ok() ? 0 : 1;
}
