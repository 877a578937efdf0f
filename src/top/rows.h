// The rows of the syscall panel: one per syscall of a Window, with the
// numbers each sort key orders by.
//
// Contract:
//  - build_rows() returns every syscall of the window, sorted by the key,
//    largest first; ties by name, so the order is stable across
//    refreshes.
//  - Rate is calls per second, Latency the average duration (total_ns /
//    calls, 0 without calls), TotalTime the time spent in the window
//    (shown as a share of one CPU), Errors the failures per second.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "top/window.h"

namespace sctrace::top {

enum class SortKey { Rate, Latency, TotalTime, Errors };
inline constexpr int kSortKeys = 4;

std::string_view sort_key_name(SortKey key);
SortKey next_sort_key(SortKey key, int step); // step +1 or -1, wrapping

struct Row {
  std::string name;
  double rate = 0;   // calls/s
  double avg_ns = 0; // average duration
  double time_percent =
      0;                 // time in the call (running or blocked), % of one CPU
  double error_rate = 0; // failures/s
  std::uint64_t calls = 0;
};

// The value the key sorts by (and the bar chart draws).
double sort_value(const Row& row, SortKey key);

std::vector<Row> build_rows(const Window& window, SortKey key);

// The index of name in rows, if there.
std::optional<std::size_t> find_row(const std::vector<Row>& rows,
                                    std::string_view name);

} // namespace sctrace::top
