// Fake Jobs for the manager's tests: no bpftrace, just lambdas that emit
// records, wait for their stop flag or a Gate, throw or fail.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "manager/trace_manager.h"

namespace sctrace::manager::test {

using namespace std::chrono_literals;

// The flag as a TSan-visible atomic load (the manager stores it so).
inline bool stop_set(const volatile std::sig_atomic_t* stop) {
  return __atomic_load_n(stop, __ATOMIC_ACQUIRE) != 0;
}

// A one-shot latch the test opens.
class Gate {
public:
  void open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  // Waits for open() or the job's stop flag; true when opened.
  bool wait(const volatile std::sig_atomic_t* stop) {
    std::unique_lock lock(mu_);
    while (!open_ && !stop_set(stop))
      cv_.wait_for(lock, 1ms);
    return open_;
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

inline nlohmann::json numbered(int i) {
  return {{"i", i}};
}

// Emits records {"i": 0} .. {"i": n-1}, then ends with {"emitted": n}.
inline Job emit_job(int n, std::string mode = "trace") {
  Job job;
  job.mode = std::move(mode);
  job.request = {{"mode", job.mode}, {"n", n}};
  job.run = [n](JobSink& sink, const volatile std::sig_atomic_t*) {
    sink.attached();
    for (int i = 0; i < n; ++i)
      sink.record(numbered(i));
    return JobEnd{{{"emitted", n}}, std::nullopt, {}};
  };
  return job;
}

// Emits n records, then runs until its stop flag is set; `saw_stop`
// (optional) becomes true then. It drains for `drain` before returning
// {"stopped": true}.
inline Job until_stop_job(int n = 0,
                          std::shared_ptr<std::atomic<bool>> saw_stop = {},
                          std::chrono::milliseconds drain = 0ms) {
  Job job;
  job.mode = "syscalls";
  job.run = [=](JobSink& sink, const volatile std::sig_atomic_t* stop) {
    sink.attached();
    for (int i = 0; i < n; ++i)
      sink.record(numbered(i));
    while (!stop_set(stop))
      std::this_thread::sleep_for(1ms);
    if (saw_stop)
      *saw_stop = true;
    std::this_thread::sleep_for(drain);
    return JobEnd{{{"stopped", true}}, std::nullopt, {}};
  };
  return job;
}

// Appends `name` to `order` when it starts, then ends at once.
inline Job logging_job(std::string name,
                       std::shared_ptr<std::vector<std::string>> order,
                       std::shared_ptr<std::mutex> mu) {
  Job job;
  job.mode = "count";
  job.run = [=](JobSink&, const volatile std::sig_atomic_t*) {
    std::lock_guard lock(*mu);
    order->push_back(name);
    return JobEnd{};
  };
  return job;
}

// Waits for the gate (or its stop), then emits `n` records and, when
// `hold`, runs on until stopped.
inline Job gated_job(std::shared_ptr<Gate> gate, int n, bool hold) {
  Job job;
  job.mode = "trace";
  job.run = [=](JobSink& sink, const volatile std::sig_atomic_t* stop) {
    gate->wait(stop);
    for (int i = 0; i < n; ++i)
      sink.record(numbered(i));
    while (hold && !stop_set(stop))
      std::this_thread::sleep_for(1ms);
    return JobEnd{};
  };
  return job;
}

// Emits one record, then throws.
inline Job throwing_job() {
  Job job;
  job.mode = "trace";
  job.run = [](JobSink& sink, const volatile std::sig_atomic_t*) -> JobEnd {
    sink.record(numbered(0));
    throw std::runtime_error("boom");
  };
  return job;
}

// Returns an Error with a partial summary and a warning.
inline Job failing_job() {
  Job job;
  job.mode = "latency";
  job.run = [](JobSink& sink, const volatile std::sig_atomic_t*) {
    sink.record(numbered(0));
    return JobEnd{{{"partial", true}},
                  make_error(ErrorKind::Child, "bpftrace died"),
                  {"lost 3 events"}};
  };
  return job;
}

// Polls `pred` every millisecond for up to `limit`.
template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 3000ms) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred())
      return true;
    std::this_thread::sleep_for(1ms);
  }
  return pred();
}

} // namespace sctrace::manager::test
