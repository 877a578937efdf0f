#include "top/panels.h"
#include "top/text.h"
#include "top/units.h"

namespace sctrace::top {

namespace {

struct Stat {
  const char* label;
  std::string value;
};

std::string bpftrace_state(const monitor::Snapshot* s) {
  if (!s)
    return "starting";
  std::string state = s->bpftrace_up ? "up" : "DOWN";
  if (s->restarts)
    state += ", " + std::to_string(s->restarts) + " rst";
  return state;
}

std::string count(std::uint64_t n) {
  return format_quantity(static_cast<double>(n));
}

// The target's system time as a share of one CPU; "n/a" without a source
// (-- CMD) or before a window has one.
std::string kernel_cpu(const Window& w) {
  if (!w.has_kernel_cpu || w.seconds <= 0)
    return "n/a";
  return format_percent(w.rate(w.kernel_cpu_ns) / 1e9 * 100);
}

// Most important first: what is cut on a short panel is at the end.
std::vector<Stat> stats(const FrameInput& in) {
  const Window& w = *in.window;
  const monitor::Snapshot* s = in.latest;
  double avg = w.calls ? static_cast<double>(w.total_ns) / w.calls : 0;
  std::string window = std::to_string(w.intervals_used) + " x " +
                       format_seconds(in.interval_seconds);
  return {
      {"syscalls/s", format_quantity(w.rate(w.calls))},
      {"avg latency", format_ns(avg)},
      {"kernel CPU", kernel_cpu(w)},
      {"in syscalls", format_percent(w.rate(w.total_ns) / 1e9 * 100)},
      {"events dropped", count(s ? s->events_dropped : 0)},
      {"bpftrace", bpftrace_state(s)},
      {"map full", count(s ? s->map_full : 0)},
      {"slow past cap", count(s ? s->slow_dropped : 0)},
      {"window", window},
  };
}

} // namespace

std::vector<std::string> side_panel(const FrameInput& in, std::size_t width,
                                    std::size_t height) {
  std::vector<std::string> out;
  const std::size_t inner = width > 1 ? width - 1 : 0;
  for (const Stat& s : stats(in)) {
    if (out.size() >= height)
      break;
    std::string label = fit(s.label, inner > 9 ? inner - 9 : 0);
    out.push_back(
        fit("|" + label + align_right(s.value, inner - label.size()), width));
  }
  while (out.size() < height)
    out.push_back(fit("|", width));
  return out;
}

std::string side_summary(const FrameInput& in) {
  std::string text;
  for (const Stat& s : stats(in)) {
    if (std::string_view(s.label) == "map full")
      break;
    text += std::string(s.label) + " " + s.value + "  ";
  }
  return text;
}

} // namespace sctrace::top
