#include "engine/background_session.h"

#include <exception>
#include <string>

namespace sctrace::engine {

class BackgroundSession::QueueSink final : public events::EventSink {
public:
  explicit QueueSink(BackgroundSession& owner) : owner_(owner) {}
  void on_event(const events::TraceEvent& e) override { owner_.push(e); }

private:
  BackgroundSession& owner_;
};

BackgroundSession::BackgroundSession(SessionOptions options,
                                     Environment environment, Dependencies deps,
                                     std::size_t capacity)
    : session_(options, std::move(environment), std::move(deps)),
      stop_flag_(options.stop_flag), capacity_(capacity ? capacity : 1),
      sink_(std::make_unique<QueueSink>(*this)) {
  thread_ = std::thread([this] {
    SessionResult r;
    try {
      r = session_.run(*sink_);
    } catch (const std::exception& e) {
      // Out of memory, typically: the caller learns it from result().
      r.error = make_error(ErrorKind::System,
                           std::string("the session failed: ") + e.what());
    }
    std::lock_guard<std::mutex> lock(mu_);
    result_ = std::move(r);
    done_ = true;
    changed_.notify_all();
  });
}

BackgroundSession::~BackgroundSession() {
  stop();
  thread_.join();
}

void BackgroundSession::push(const events::TraceEvent& e) {
  std::unique_lock<std::mutex> lock(mu_);
  auto stop_flagged = [this] { return stop_flag_ && *stop_flag_; };
  while (queue_.size() >= capacity_ && !stopping_ && !stop_flagged())
    changed_.wait_for(lock, std::chrono::milliseconds(50));
  if (queue_.size() >= capacity_) {
    ++discarded_;
    return;
  }
  queue_.push_back(e);
  changed_.notify_all();
}

std::optional<events::TraceEvent>
BackgroundSession::next(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait_for(lock, timeout, [this] { return !queue_.empty() || done_; });
  if (queue_.empty())
    return std::nullopt;
  events::TraceEvent e = std::move(queue_.front());
  queue_.pop_front();
  changed_.notify_all();
  return e;
}

void BackgroundSession::stop() {
  session_.stop();
  std::lock_guard<std::mutex> lock(mu_);
  stopping_ = true;
  changed_.notify_all();
}

bool BackgroundSession::finished() const {
  std::lock_guard<std::mutex> lock(mu_);
  return done_ && queue_.empty();
}

const SessionResult& BackgroundSession::result() {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [this] { return done_; });
  return result_;
}

std::uint64_t BackgroundSession::discarded() const {
  std::lock_guard<std::mutex> lock(mu_);
  return discarded_;
}

} // namespace sctrace::engine
