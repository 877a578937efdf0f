#include "top/panels.h"
#include "top/text.h"
#include "top/units.h"

namespace sctrace::top {

namespace {

std::string title(const FrameInput& in) {
  std::string t = " SLOW CALLS (newest first";
  if (!in.state->filter.empty())
    t += "; " + in.target_label;
  t += ")";
  if (in.latest && in.latest->slow_dropped)
    t += " " + format_quantity(static_cast<double>(in.latest->slow_dropped)) +
         " past the cap";
  return t;
}

std::string slow_line(const SlowRow& r, std::size_t width) {
  std::string text =
      align_right(std::to_string(r.pid), 8) + " " + fit(r.comm, 16) + " " +
      fit(r.syscall, 16) + " " +
      align_right(format_ns(static_cast<double>(r.duration_ns)), 8) + "  " +
      r.fd_path;
  return fit(text, width);
}

} // namespace

std::vector<Line> slow_panel(const FrameInput& in, std::size_t width,
                             std::size_t height) {
  std::vector<Line> out;
  if (height == 0)
    return out;
  out.push_back({fit(title(in), width), Style::Heading});
  if (height >= 3)
    out.push_back(
        {fit("     PID COMM             SYSCALL          DURATION  FD PATH",
             width),
         Style::Heading});
  for (const SlowRow& r : *in.slow) {
    if (out.size() >= height)
      break;
    out.push_back({slow_line(r, width)});
  }
  if (in.slow->empty() && out.size() < height)
    out.push_back(
        {fit("  (none yet: calls over the threshold show here)", width)});
  while (out.size() < height)
    out.push_back({std::string(width, ' ')});
  return out;
}

} // namespace sctrace::top
