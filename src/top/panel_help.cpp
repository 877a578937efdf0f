#include "top/panels.h"
#include "top/text.h"

namespace sctrace::top {

namespace {

const char* const kHelp[] = {
    " sctrace top: live syscall statistics (docs/top.md)",
    "",
    " Up/Down PgUp/PgDn Home/End  select a syscall (its histogram shows)",
    " s          sort by rate, latency (avg), total time, errors",
    " < >        previous / next sort",
    " /          search: select the first syscall containing the text",
    " z          zoom: numbers over the last 1, 5, 30 or 60 intervals",
    " space      pause the display (the monitor keeps counting)",
    " p  c       filter by pid / by comm (an empty answer clears it)",
    "            Counters are kept per syscall, not per process: a filter",
    "            restarts the monitor aimed at that pid or comm, so the",
    "            counts start again from zero. The slow calls panel is",
    "            filtered at once.",
    " ? F1       this help (any key closes it)",
    " q F10      quit",
    "",
    " CALLS/s and ERR/s: over the window. AVG: time in the syscall per",
    " call. TIME%: time in the syscall (running or blocked) per second,",
    " as a share of one CPU; \"in syscalls\" sums it. kernel CPU: the",
    " target's system time (/proc, cgroup), a share of one CPU. events",
    " dropped: slow-call events bpftrace lost (counted, never silent).",
    " bpftrace: up or DOWN, and how often it was restarted.",
};

} // namespace

std::vector<Line> help_panel(std::size_t width, std::size_t height) {
  std::vector<Line> out;
  for (const char* line : kHelp) {
    if (out.size() >= height)
      break;
    out.push_back(
        {fit(line, width), out.empty() ? Style::Heading : Style::Normal});
  }
  while (out.size() < height)
    out.push_back({std::string(width, ' ')});
  return out;
}

std::string key_hint(std::size_t width) {
  return fit("q:quit ?:help arrows:select s:sort /:search p:pid c:comm "
             "z:zoom space:pause",
             width);
}

} // namespace sctrace::top
