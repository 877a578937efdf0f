#include "top/frame.h"

#include <algorithm>

#include "top/panels.h"
#include "top/text.h"
#include "top/units.h"

namespace sctrace::top {

namespace {

constexpr std::size_t kSideWidth = 24;
constexpr std::size_t kSideMinWidth = 64; // narrower: summary in the title
constexpr std::size_t kTopRowsMax = 11;   // heading + the top 10

struct Heights {
  std::size_t top = 0, histogram = 0, slow = 0;
};

// How the body's lines go to the panels (the slow panel and then the
// histogram are dropped first on a short terminal).
Heights split(std::size_t body) {
  Heights h;
  if (body < 4) {
    h.top = body;
    return h;
  }
  h.slow = body >= 12 ? std::max<std::size_t>(4, body / 4) : 0;
  h.top = std::min(kTopRowsMax, (body - h.slow + 1) / 2);
  h.histogram = body - h.slow - h.top;
  return h;
}

std::string title(const FrameInput& in, bool with_summary) {
  const UiState& s = *in.state;
  std::string t = " sctrace top | " + in.target_label + " | every " +
                  format_seconds(in.interval_seconds) + " | zoom " +
                  std::to_string(kZoomLevels[s.zoom]) + " | sort " +
                  std::string(sort_key_name(s.sort));
  if (s.paused)
    t = " PAUSED (" + std::to_string(s.arrived_while_paused) + " new)" + t;
  if (with_summary)
    t = (s.paused ? " PAUSED | " : " ") + side_summary(in);
  return t;
}

void append(std::vector<Line>& out, std::vector<Line> lines) {
  for (Line& l : lines)
    out.push_back(std::move(l));
}

// The top and histogram panels, with the side panel at their right.
void upper(const FrameInput& in, std::size_t width, const Heights& h, bool side,
           std::vector<Line>& out) {
  std::size_t left = side ? width - kSideWidth : width;
  std::vector<Line> lines = syscall_panel(in, left, h.top);
  append(lines, histogram_panel(in, left, h.histogram));
  if (side) {
    std::vector<std::string> right =
        side_panel(in, kSideWidth, h.top + h.histogram);
    for (std::size_t i = 0; i < lines.size(); ++i)
      lines[i].text += right[i];
  }
  append(out, std::move(lines));
}

} // namespace

std::string Frame::text() const {
  std::string out;
  for (const Line& l : lines)
    out += l.text + "\n";
  return out;
}

Frame render_frame(const FrameInput& in, std::size_t width,
                   std::size_t height) {
  Frame f;
  if (height == 0)
    return f;
  const bool side = width >= kSideMinWidth;
  if (height >= 2)
    f.lines.push_back({fit(title(in, !side), width), Style::Title});
  const bool status = !in.state->status.empty() && height >= 4;
  std::size_t body = height - f.lines.size() - 1 - (status ? 1 : 0);
  if (in.state->help)
    append(f.lines, help_panel(width, body));
  else if (body > 0) {
    Heights h = split(body);
    upper(in, width, h, side && h.top + h.histogram > 0, f.lines);
    append(f.lines, slow_panel(in, width, h.slow));
  }
  if (status)
    f.lines.push_back({fit(" " + in.state->status, width), Style::Status});
  f.lines.push_back({key_hint(width), Style::Hint});
  return f;
}

} // namespace sctrace::top
