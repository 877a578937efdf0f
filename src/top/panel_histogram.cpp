#include <algorithm>

#include "top/panels.h"
#include "top/text.h"
#include "top/units.h"

namespace sctrace::top {

namespace {

constexpr std::size_t kLabelWidth = 12;
constexpr std::size_t kCountWidth = 8;

// The contiguous range of non-empty buckets, narrowed to at most `rows`
// by dropping the smaller end each time.
std::pair<std::size_t, std::size_t>
bucket_range(const std::vector<std::uint64_t>& b, std::size_t rows) {
  std::size_t lo = 0, hi = b.size();
  while (lo < hi && b[lo] == 0)
    ++lo;
  while (hi > lo && b[hi - 1] == 0)
    --hi;
  while (hi - lo > rows) {
    if (b[lo] <= b[hi - 1])
      ++lo;
    else
      --hi;
  }
  return {lo, hi};
}

// The window's length is in the title line (zoom) and the side panel.
std::string title(const Row& row) {
  return " latency of " + kernel_text(row.name, true) + ": " +
         format_quantity(static_cast<double>(row.calls)) + " calls, avg " +
         format_ns(row.avg_ns);
}

} // namespace

std::vector<Line> histogram_panel(const FrameInput& in, std::size_t width,
                                  std::size_t height) {
  std::vector<Line> out;
  if (height == 0)
    return out;
  const Row* row = in.rows->empty() ? nullptr : &(*in.rows)[in.selected];
  out.push_back({fit(row ? title(*row) : " latency", width), Style::Heading});
  auto it = row ? in.window->sums.find(row->name) : in.window->sums.end();
  if (it == in.window->sums.end() || it->second.calls == 0) {
    if (out.size() < height)
      out.push_back({fit("  (no calls in this window)", width)});
  } else {
    const std::vector<std::uint64_t>& b = it->second.buckets;
    auto [lo, hi] = bucket_range(b, height - 1);
    std::uint64_t max = *std::max_element(b.begin() + lo, b.begin() + hi);
    for (std::size_t k = lo; k < hi; ++k) {
      std::string text =
          align_right(bucket_label(static_cast<int>(k)), kLabelWidth) +
          align_right(std::to_string(b[k]), kCountWidth) + " ";
      std::size_t room = width > text.size() ? width - text.size() : 0;
      text += bar(static_cast<double>(b[k]), static_cast<double>(max), room);
      out.push_back({fit(text, width)});
    }
  }
  while (out.size() < height)
    out.push_back({std::string(width, ' ')});
  return out;
}

} // namespace sctrace::top
