#include "top/model.h"

#include <algorithm>

#include "top/text.h"

namespace sctrace::top {

Model::Model(ModelOptions options) : options_(std::move(options)) {
  if (options_.history == 0)
    options_.history = 1;
}

void Model::push(SnapshotPtr snapshot) {
  if (!snapshot)
    return;
  live_.history.push_back(snapshot);
  while (live_.history.size() > options_.history)
    live_.history.pop_front();
  for (const monitor::SlowCall& call : snapshot->slow) {
    SlowRow row;
    row.pid = call.pid;
    row.comm = kernel_text(call.comm, options_.ascii_only);
    row.syscall = kernel_text(call.syscall, options_.ascii_only);
    row.fd_path = kernel_text(call.fd_path, options_.ascii_only);
    row.duration_ns = call.duration_ns;
    live_.slow.push_front(std::move(row));
  }
  while (live_.slow.size() > options_.slow_kept)
    live_.slow.pop_back();
  if (state_.paused)
    ++state_.arrived_while_paused;
}

void Model::reset_data() {
  live_ = Data{};
  if (!state_.paused)
    frozen_ = Data{};
}

Window Model::window() const {
  return aggregate(shown().history, zoom_intervals());
}

std::vector<Row> Model::rows() const {
  return build_rows(window(), state_.sort);
}

std::size_t Model::selected_index(const std::vector<Row>& rows) const {
  return find_row(rows, state_.selected).value_or(0);
}

void Model::move_selection(long delta, bool to_end) {
  std::vector<Row> all = rows();
  if (all.empty())
    return;
  long last = static_cast<long>(all.size()) - 1;
  long index = static_cast<long>(selected_index(all));
  if (to_end)
    index = delta < 0 ? 0 : last;
  else
    index = std::clamp(index + delta, 0L, last);
  state_.selected = all[static_cast<std::size_t>(index)].name;
}

std::deque<SlowRow> Model::filtered_slow() const {
  std::deque<SlowRow> out;
  const Filter& f = state_.filter;
  for (const SlowRow& row : shown().slow) {
    if (f.pid && row.pid != *f.pid)
      continue;
    if (!f.comm.empty() && row.comm != kernel_text(f.comm, options_.ascii_only))
      continue;
    out.push_back(row);
  }
  return out;
}

std::vector<SlowRow> Model::slow_rows() const {
  std::deque<SlowRow> rows = filtered_slow();
  return {rows.begin(), rows.end()};
}

std::string Model::target_label() const {
  if (state_.filter.pid)
    return "pid " + std::to_string(*state_.filter.pid);
  if (!state_.filter.comm.empty())
    return "comm " + kernel_text(state_.filter.comm, options_.ascii_only);
  return options_.target_label;
}

Frame Model::frame(std::size_t width, std::size_t height) const {
  Window w = window();
  std::vector<Row> all = build_rows(w, state_.sort);
  std::deque<SlowRow> slow = filtered_slow();
  FrameInput in;
  in.state = &state_;
  in.target_label = target_label();
  in.interval_seconds = options_.interval_seconds;
  in.window = &w;
  in.rows = &all;
  in.selected = selected_index(all);
  in.slow = &slow;
  in.latest = shown().history.empty() ? nullptr : shown().history.back().get();
  return render_frame(in, width, height);
}

} // namespace sctrace::top
