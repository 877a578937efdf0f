#include "top/rows.h"

#include <algorithm>

namespace sctrace::top {

std::string_view sort_key_name(SortKey key) {
  switch (key) {
  case SortKey::Rate:
    return "rate";
  case SortKey::Latency:
    return "latency";
  case SortKey::TotalTime:
    return "total time";
  case SortKey::Errors:
    return "errors";
  }
  return "rate";
}

SortKey next_sort_key(SortKey key, int step) {
  int k = (static_cast<int>(key) + step % kSortKeys + kSortKeys) % kSortKeys;
  return static_cast<SortKey>(k);
}

double sort_value(const Row& row, SortKey key) {
  switch (key) {
  case SortKey::Rate:
    return row.rate;
  case SortKey::Latency:
    return row.avg_ns;
  case SortKey::TotalTime:
    return row.time_percent;
  case SortKey::Errors:
    return row.error_rate;
  }
  return row.rate;
}

std::vector<Row> build_rows(const Window& window, SortKey key) {
  std::vector<Row> rows;
  rows.reserve(window.sums.size());
  for (const auto& [name, c] : window.sums) {
    Row r;
    r.name = name;
    r.calls = c.calls;
    r.rate = window.rate(c.calls);
    r.error_rate = window.rate(c.errors);
    r.avg_ns = c.calls ? static_cast<double>(c.total_ns) / c.calls : 0;
    r.time_percent = window.rate(c.total_ns) / 1e9 * 100;
    rows.push_back(std::move(r));
  }
  std::stable_sort(rows.begin(), rows.end(), [key](const Row& a, const Row& b) {
    return sort_value(a, key) > sort_value(b, key);
  });
  return rows;
}

std::optional<std::size_t> find_row(const std::vector<Row>& rows,
                                    std::string_view name) {
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (rows[i].name == name)
      return i;
  return std::nullopt;
}

} // namespace sctrace::top
