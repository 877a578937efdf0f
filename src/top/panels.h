// The panels of a `sctrace top` frame, each as lines of text of an exact
// width (top/text.h fit()): the syscall bar chart, the selected syscall's
// latency histogram, the recent slow calls, the side summary, and the
// help. frame.cpp places them.
//
// Contract: each function returns exactly `height` lines (padding with
// blank lines), every one exactly `width` cells wide.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "top/frame.h"

namespace sctrace::top {

// Heading + one row per syscall, scrolled so the selected row shows; the
// selected row's line carries the mark.
std::vector<Line> syscall_panel(const FrameInput& in, std::size_t width,
                                std::size_t height);

std::vector<Line> histogram_panel(const FrameInput& in, std::size_t width,
                                  std::size_t height);

std::vector<Line> slow_panel(const FrameInput& in, std::size_t width,
                             std::size_t height);

// Label/value lines: syscalls/s, average latency, kernel CPU, time in
// syscalls, drops, bpftrace state, window.
std::vector<std::string> side_panel(const FrameInput& in, std::size_t width,
                                    std::size_t height);

// The side panel's numbers on one line (for narrow terminals).
std::string side_summary(const FrameInput& in);

std::vector<Line> help_panel(std::size_t width, std::size_t height);

// The one-line key hint, cut to width.
std::string key_hint(std::size_t width);

// A bar of '#' for value/max over width cells (at least one for a
// non-zero value).
std::string bar(double value, double max, std::size_t width);

} // namespace sctrace::top
