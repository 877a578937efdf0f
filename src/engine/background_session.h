// A pull interface over a Session: the session runs on a thread of its own
// and its events wait in a bounded queue until the caller takes them.
//
// Contract:
//  - The constructor starts the session; next() waits up to `timeout` for
//    the next event and returns nullopt when none came in time or when the
//    session has ended and every event was taken (then finished() is true).
//  - When the queue is full the session waits for the caller instead of
//    dropping: bpftrace then falls behind, and whatever the kernel drops
//    is counted exactly in the result's events_dropped, as for any slow
//    consumer. stop() (or the destructor) ends that wait: events arriving
//    after stop() that do not fit are discarded and counted in
//    discarded(). The options' stop_flag ends the wait too.
//  - stop() may be called from any thread; result() waits for the end. As
//    Session::stop(), a stop() once the session is stopping (a second one,
//    or the destructor's after yours) ends it at once. An
//    exception inside the session (out of memory) ends it with an error in
//    result() instead of terminating the process.
//  - The destructor stops the session and joins its thread; no other
//    thread may still be waiting in next() or result() then.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/session.h"

namespace sctrace::engine {

class BackgroundSession {
public:
  BackgroundSession(SessionOptions options, Environment environment,
                    Dependencies deps = {}, std::size_t capacity = 65536);
  ~BackgroundSession();
  BackgroundSession(const BackgroundSession&) = delete;
  BackgroundSession& operator=(const BackgroundSession&) = delete;

  std::optional<events::TraceEvent> next(std::chrono::milliseconds timeout);
  void stop();
  bool finished() const;
  const SessionResult& result();
  std::uint64_t discarded() const;

private:
  class QueueSink;
  void push(const events::TraceEvent& e);

  Session session_;
  // The options' stop flag: set by a signal handler, which cannot notify
  // changed_, so a wait in push() polls it.
  const volatile std::sig_atomic_t* stop_flag_;
  std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::deque<events::TraceEvent> queue_;
  bool stopping_ = false, done_ = false;
  std::uint64_t discarded_ = 0;
  SessionResult result_;
  std::unique_ptr<QueueSink> sink_;
  std::thread thread_;
};

} // namespace sctrace::engine
