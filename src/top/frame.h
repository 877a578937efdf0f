// A frame: what `sctrace top` shows, as plain text lines, made without a
// terminal so it can be tested. The ncurses view only copies it.
//
// Contract:
//  - render_frame() returns exactly `height` lines (none when height is
//    0), none wider than `width` cells (top/text.h), each with a style;
//    the last line is always the key hint (cut to the width).
//  - Panels degrade with the size: the side panel moves into the title
//    line below 64 columns, the slow-call panel and then the histogram go
//    when there are too few lines; the help replaces the panels.
//  - Every string the kernel gave is terminal-safe: comm and fd paths are
//    escaped by the model, syscall names by the panels (top/text.h
//    kernel_text()).
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "top/rows.h"
#include "top/state.h"
#include "top/window.h"

namespace sctrace::top {

enum class Style { Normal, Title, Heading, Hint, Status };

struct Line {
  std::string text;
  Style style = Style::Normal;
  // Cells [mark_begin, mark_end) are the selected row (reverse video).
  std::size_t mark_begin = 0, mark_end = 0;
};

struct Frame {
  std::vector<Line> lines;
  std::string text() const; // the lines joined with '\n' (for tests)
};

// A slow call ready to print: kernel strings escaped.
struct SlowRow {
  std::uint32_t pid = 0;
  std::string comm, syscall, fd_path;
  std::uint64_t duration_ns = 0;
};

// Everything a frame shows, gathered by the model.
struct FrameInput {
  const UiState* state = nullptr;
  std::string target_label; // "-a", "pid 42", "comm nginx"
  double interval_seconds = 1;
  const Window* window = nullptr;
  const std::vector<Row>* rows = nullptr;
  std::size_t selected = 0;                  // index into rows (when not empty)
  const std::deque<SlowRow>* slow = nullptr; // newest first, filtered
  const monitor::Snapshot* latest = nullptr; // null before the first
};

Frame render_frame(const FrameInput& in, std::size_t width, std::size_t height);

} // namespace sctrace::top
