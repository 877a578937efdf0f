#include "modes/compare/clip.h"

#include <map>
#include <string>
#include <utility>

namespace sctrace::compare {

namespace {

// strace's first and last call of one thread: time (ns) and syscall.
struct Ends {
  std::int64_t first_ns = 0, last_ns = 0;
  std::string first_name, last_name;
};

std::map<std::uint32_t, Ends> strace_ends(const StraceLog& strace) {
  std::map<std::uint32_t, Ends> ends;
  for (const auto& c : strace.calls) {
    std::int64_t ns = c.time_us * 1000;
    auto [it, added] = ends.try_emplace(c.tid);
    Ends& e = it->second;
    if (added || ns < e.first_ns) {
      e.first_ns = ns;
      e.first_name = c.syscall;
    }
    if (added || ns >= e.last_ns) {
      e.last_ns = ns;
      e.last_name = c.syscall;
    }
  }
  return ends;
}

// The entry time of the thread's first call named `name` that entered at
// or after at_ns - kClockSlackNs; `fallback` when there is none.
std::int64_t anchor(const SctraceLog& log, std::uint32_t tid,
                    const std::string& name, std::int64_t at_ns,
                    std::int64_t fallback) {
  std::int64_t found = 0;
  bool any = false;
  for (const auto& c : log.calls)
    if (c.tid == tid && c.syscall == name &&
        c.time_ns >= at_ns - kClockSlackNs && (!any || c.time_ns < found)) {
      found = c.time_ns;
      any = true;
    }
  return any ? found : fallback;
}

} // namespace

Clipped clip_to_strace(const SctraceLog& sctrace, const StraceLog& strace,
                       const Window& window) {
  std::map<std::uint32_t, Window> per_thread;
  for (const auto& [tid, e] : strace_ends(strace))
    per_thread[tid] = {
        anchor(sctrace, tid, e.first_name, e.first_ns, window.start_ns),
        anchor(sctrace, tid, e.last_name, e.last_ns, window.end_ns)};
  Clipped out;
  out.log.has_summary = sctrace.has_summary;
  out.log.summary = sctrace.summary;
  for (const auto& c : sctrace.calls) {
    auto it = per_thread.find(c.tid);
    const Window& w = it == per_thread.end() ? window : it->second;
    if (c.time_ns >= w.start_ns && c.time_ns <= w.end_ns)
      out.log.calls.push_back(c);
    else
      ++out.clipped;
  }
  return out;
}

} // namespace sctrace::compare
