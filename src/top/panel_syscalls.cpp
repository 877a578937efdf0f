#include <algorithm>
#include <cmath>

#include "top/panels.h"
#include "top/text.h"
#include "top/units.h"

namespace sctrace::top {

namespace {

struct Column {
  SortKey key;
  const char* title;
  std::size_t width;
};

constexpr Column kColumns[] = {{SortKey::Rate, "CALLS/s", 8},
                               {SortKey::Latency, "AVG", 8},
                               {SortKey::TotalTime, "TIME%", 7},
                               {SortKey::Errors, "ERR/s", 7}};
constexpr std::size_t kMinBar = 4;

std::string cell(const Row& row, SortKey key) {
  switch (key) {
  case SortKey::Rate:
    return format_quantity(row.rate);
  case SortKey::Latency:
    return format_ns(row.avg_ns);
  case SortKey::TotalTime:
    return format_percent(row.time_percent);
  case SortKey::Errors:
    return format_quantity(row.error_rate);
  }
  return "";
}

// The columns that fit next to a name of name_width, the sort key's
// always first among the dropped-last.
std::vector<Column> columns_for(std::size_t width, std::size_t name_width,
                                SortKey sort) {
  std::vector<Column> cols(std::begin(kColumns), std::end(kColumns));
  auto total = [&] {
    std::size_t w = name_width + kMinBar;
    for (const Column& c : cols)
      w += c.width;
    return w;
  };
  for (std::size_t i = cols.size(); i-- > 0 && total() > width;)
    if (cols[i].key != sort)
      cols.erase(cols.begin() + static_cast<long>(i));
  return cols;
}

std::string heading(const std::vector<Column>& cols, std::size_t name_width,
                    SortKey sort) {
  std::string text = fit(" SYSCALL", name_width);
  for (const Column& c : cols)
    text +=
        align_right(std::string(c.key == sort ? "*" : "") + c.title, c.width);
  return text;
}

} // namespace

std::vector<Line> syscall_panel(const FrameInput& in, std::size_t width,
                                std::size_t height) {
  std::vector<Line> out;
  if (height == 0)
    return out;
  const SortKey sort = in.state->sort;
  const std::size_t name_width = std::min<std::size_t>(17, width / 3 + 1);
  const std::vector<Column> cols = columns_for(width, name_width, sort);
  out.push_back({fit(heading(cols, name_width, sort), width), Style::Heading});
  const std::vector<Row>& rows = *in.rows;
  const std::size_t visible = height - 1;
  const std::size_t first =
      in.selected < visible ? 0 : in.selected - visible + 1;
  double max = 0;
  for (const Row& r : rows)
    max = std::max(max, sort_value(r, sort));
  for (std::size_t i = first; i < rows.size() && out.size() < height; ++i) {
    std::string text = fit(" " + kernel_text(rows[i].name, true), name_width);
    for (const Column& c : cols)
      text += align_right(cell(rows[i], c.key), c.width);
    std::size_t bar_width =
        width > text.size() + 1 ? width - text.size() - 1 : 0;
    text += " " + bar(sort_value(rows[i], sort), max, bar_width);
    Line line{fit(text, width), Style::Normal};
    if (i == in.selected && !line.text.empty()) {
      line.text[0] = '>';
      line.mark_end = std::min(width, name_width);
    }
    out.push_back(std::move(line));
  }
  if (rows.empty() && out.size() < height)
    out.push_back({fit(" (no syscalls yet)", width), Style::Normal});
  while (out.size() < height)
    out.push_back({std::string(width, ' '), Style::Normal});
  return out;
}

std::string bar(double value, double max, std::size_t width) {
  if (!(value > 0) || !(max > 0) || width == 0)
    return "";
  auto n = static_cast<std::size_t>(std::lround(value / max * width));
  return std::string(std::clamp<std::size_t>(n, 1, width), '#');
}

} // namespace sctrace::top
