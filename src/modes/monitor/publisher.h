// Where the monitor's snapshots are published and waited for.
//
// Contract:
//  - publish() numbers a snapshot (seq 1, 2, ...), fills its interval
//    (its total minus the previous snapshot's, the same for the kernel
//    CPU time when both have it, and the seconds between their wall
//    times) and makes it the latest; snapshots are immutable
//    once published. Any thread may call any member.
//  - wait_next(after) returns the first published snapshot with seq >
//    after, waiting up to the timeout (the last kKept are kept: a caller
//    further behind gets the oldest kept); null when none came in time, or once
//    close() was called and none newer is there.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

#include "modes/monitor/monitor.h"

namespace sctrace::monitor {

class Publisher {
public:
  // s's seq, interval and interval_seconds are set here; wall_ns must be
  // set. Returns the published snapshot.
  std::shared_ptr<const Snapshot> publish(Snapshot s);
  std::shared_ptr<const Snapshot> latest() const;
  std::shared_ptr<const Snapshot> wait_next(std::uint64_t after,
                                            std::chrono::milliseconds timeout);
  // No more snapshots: wakes every waiter.
  void close();

  static constexpr std::size_t kKept = 64;

private:
  std::shared_ptr<const Snapshot> first_after(std::uint64_t after) const;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<const Snapshot> latest_;
  std::deque<std::shared_ptr<const Snapshot>> kept_;
  bool closed_ = false;
};

// Now, as Unix time in ns.
std::int64_t wall_now_ns();

} // namespace sctrace::monitor
