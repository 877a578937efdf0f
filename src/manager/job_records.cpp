// JobState's records: keeping them within the bounds, paging them, and
// waiting for more (job_state.cpp has the lifecycle).
#include <algorithm>

#include "manager/job_state.h"

namespace sctrace::manager {

void JobState::mark_attached() {
  std::lock_guard lock(mu_);
  attached_ = true;
  changed_.notify_all();
}

void JobState::add_record(nlohmann::json record) {
  // Sized outside the lock; invalid UTF-8 is measured as replaced, as a
  // front end must print it.
  auto size =
      record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
          .size();
  std::lock_guard lock(mu_);
  ++produced_;
  bool fits = dropped_ == 0 && kept_.size() < max_records_ &&
              size <= max_bytes_ - std::min(max_bytes_, kept_bytes_);
  if (!fits) {
    ++dropped_;
    return;
  }
  kept_bytes_ += size;
  kept_.push_back(std::move(record));
  changed_.notify_all();
}

Page JobState::page_locked(std::uint64_t cursor, std::size_t limit) const {
  Page page;
  std::uint64_t kept = kept_.size();
  std::uint64_t from = std::min(cursor, kept);
  std::uint64_t to = from + std::min<std::uint64_t>(limit, kept - from);
  page.records.assign(kept_.begin() + static_cast<std::ptrdiff_t>(from),
                      kept_.begin() + static_cast<std::ptrdiff_t>(to));
  page.next_cursor = cursor < kept ? to : cursor;
  page.done = ended_locked() && page.next_cursor >= kept;
  return page;
}

Page JobState::page(std::uint64_t cursor, std::size_t limit) const {
  std::lock_guard lock(mu_);
  return page_locked(cursor, limit);
}

Page JobState::wait_page(std::uint64_t cursor, std::size_t limit,
                         std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  changed_.wait_for(lock, timeout,
                    [&] { return kept_.size() > cursor || ended_locked(); });
  return page_locked(cursor, limit);
}

bool JobState::wait_end(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return ended_locked(); });
}

} // namespace sctrace::manager
