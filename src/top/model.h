// The model of `sctrace top`: the last snapshots of a monitor, the UI
// state, and the frame they make. No terminal: the ncurses view (view.h)
// feeds it snapshots and commands, acts on the Actions it returns and
// copies its frames.
//
// Contract:
//  - push() keeps the newest `history` snapshots and the newest
//    `slow_kept` slow calls (kernel strings escaped on arrival). While
//    paused, data keeps arriving but frames show what was there when the
//    pause began; unpausing shows the newest.
//  - The selection is a syscall name: it survives re-sorting and
//    refreshes. Without one (or when it is gone), the first row is
//    selected.
//  - Sort: `s` cycles rate, latency, total time, errors; `<` and `>` step.
//    Zoom (`z`) cycles the window through kZoomLevels intervals.
//  - `p`, `c` and `/` return a Prompt; submit() takes the answer. A pid or
//    comm filter applies to the slow-call panel at once and returns a
//    Retarget: the front end restarts the monitor aimed at it (so the
//    rows narrow too) and calls reset_data(), or calls retarget_failed()
//    to restore the previous filter. Bad input sets the status line and
//    changes nothing.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "top/frame.h"
#include "top/state.h"
#include "top/window.h"

namespace sctrace::top {

struct ModelOptions {
  std::size_t history = 60;        // snapshots kept (the largest zoom)
  std::size_t slow_kept = 200;     // slow calls kept
  std::string target_label = "-a"; // the original target, for the title
  double interval_seconds = 1;
  bool ascii_only = false; // the terminal cannot show UTF-8
};

class Model {
public:
  explicit Model(ModelOptions options);

  void push(SnapshotPtr snapshot);
  void reset_data();

  Action handle(Command command);
  Action submit(PromptKind kind, std::string_view text);
  void retarget_failed(std::string_view why);
  void set_status(std::string message) { state_.status = std::move(message); }

  Frame frame(std::size_t width, std::size_t height) const;

  const UiState& state() const { return state_; }
  std::size_t zoom_intervals() const { return kZoomLevels[state_.zoom]; }
  Window window() const;                  // the shown window
  std::vector<Row> rows() const;          // the shown rows, in order
  std::vector<SlowRow> slow_rows() const; // shown, filtered, newest first

private:
  struct Data {
    std::deque<SnapshotPtr> history;
    std::deque<SlowRow> slow; // newest first
  };
  const Data& shown() const { return state_.paused ? frozen_ : live_; }
  std::size_t selected_index(const std::vector<Row>& rows) const;
  void move_selection(long delta, bool to_end);
  bool navigate(Command command);
  Action submit_filter(PromptKind kind, std::string_view text);
  void search(std::string_view text);
  std::string target_label() const;
  std::deque<SlowRow> filtered_slow() const;

  ModelOptions options_;
  UiState state_;
  Filter previous_filter_;
  Data live_, frozen_;
};

} // namespace sctrace::top
