// A Session wired to the fake bpftrace (tests/testprogs/fake_bpftrace.cpp)
// over the recorded tracefs tree: the engine's phases without root.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/session.h"
#include "spec/parser.h"

namespace sctrace::engine::testing {

// Asks the fake for markers through its FIFO, as getcpu() asks the kernel.
class FifoMarkerTrigger final : public MarkerTrigger {
public:
  explicit FifoMarkerTrigger(const std::string& fifo)
      : fd_(::open(fifo.c_str(), O_RDWR | O_CLOEXEC)) {}
  ~FifoMarkerTrigger() override { ::close(fd_); }
  std::vector<std::uint32_t> cpus() override { return {0, 1}; }
  void fire(const std::vector<std::uint32_t>& cpus,
            std::uint64_t arg) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto c : cpus) {
      std::string req = std::to_string(c) + " " + std::to_string(arg) + "\n";
      (void)!::write(fd_, req.data(), req.size());
      ++fired_;
    }
  }
  int fired() const { return fired_; }

private:
  int fd_;
  std::mutex mu_;
  std::atomic<int> fired_{0};
};

// A steady clock that runs `speedup` times faster than real time.
class FastClock final : public Clock {
public:
  explicit FastClock(int speedup)
      : speedup_(speedup), start_(std::chrono::steady_clock::now()) {}
  time_point now() const override {
    auto real = std::chrono::steady_clock::now() - start_;
    return start_ + real * speedup_;
  }

private:
  int speedup_;
  time_point start_;
};

// One fake bpftrace playing `script`, in a fresh directory.
class FakeBpftrace {
public:
  explicit FakeBpftrace(const std::string& script) {
    char tmpl[] = "/tmp/sctrace-engine-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    std::ofstream(dir_ + "/script") << script;
    ::mkfifo((dir_ + "/markers").c_str(), 0600);
    trigger_ = std::make_shared<FifoMarkerTrigger>(dir_ + "/markers");
    std::ofstream wrapper(dir_ + "/bpftrace");
    wrapper << "#!/bin/sh\nexec '" << SCTRACE_FAKE_BPFTRACE << "' --script '"
            << dir_ << "/script' --markers '" << dir_
            << "/markers' --program-copy '" << dir_ << "/program.bt' \"$@\"\n";
    wrapper.close();
    ::chmod((dir_ + "/bpftrace").c_str(), 0755);
  }
  ~FakeBpftrace() { std::filesystem::remove_all(dir_); }

  Environment environment() const {
    auto v = gen::parse_bpftrace_version("bpftrace v0.17.0");
    return make_environment(dir_ + "/bpftrace", *v,
                            std::string(SCTRACE_TEST_DATA) + "/tracefs");
  }
  Dependencies dependencies(std::shared_ptr<Clock> clock = nullptr) const {
    Dependencies d;
    d.markers = trigger_;
    d.clock = std::move(clock);
    return d;
  }
  std::string program() const {
    std::ifstream in(dir_ + "/program.bt");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  const FifoMarkerTrigger& trigger() const { return *trigger_; }
  const std::string& dir() const { return dir_; }

private:
  std::string dir_;
  std::shared_ptr<FifoMarkerTrigger> trigger_;
};

inline SessionOptions close_options() {
  SessionOptions o;
  auto spec = spec::parse_probe("sys_close");
  o.specs = {*spec};
  o.stop_grace_seconds = 1;
  return o;
}

// Collects events; thread-safe count.
class CollectingSink final : public events::EventSink {
public:
  void on_event(const events::TraceEvent& e) override {
    comms.push_back(e.comm);
    ++count;
  }
  std::vector<std::string> comms;
  std::atomic<std::uint64_t> count{0};
};

} // namespace sctrace::engine::testing
