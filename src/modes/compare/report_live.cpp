#include "modes/compare/report_live.h"

#include <cstdio>

#include "modes/compare/features.h"
#include "output/escape.h"

namespace sctrace::compare {

namespace {

using Json = nlohmann::ordered_json;

const Rate* untraced_window(const CompareResult& r) {
  for (const auto& w : r.windows)
    if (w.window == "untraced")
      return &w;
  return nullptr;
}

const char* window_label(const std::string& w) {
  if (w == "strace")
    return "strace -f alone";
  if (w == "sctrace")
    return "sctrace alone";
  if (w == "both")
    return "both attached";
  return "untraced";
}

std::string slowdown_cell(const Rate* base, const Rate& w) {
  if (base == nullptr || &w == base)
    return "";
  double s = slowdown(*base, w);
  if (s <= 0)
    return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fx", s);
  return buf;
}

void append_windows_text(std::string& out, const CompareResult& r) {
  const Rate* base = untraced_window(r);
  char line[256];
  std::snprintf(line, sizeof line, "%-18s %8s %12s %8s %9s\n", "window",
                "seconds", "rw calls/s", "cpu", "slowdown");
  out += line;
  for (const auto& w : r.windows) {
    std::snprintf(line, sizeof line, "%-18s %8.3f %12.1f %7.1f%% %9s\n",
                  window_label(w.window), w.seconds, w.calls_per_second(),
                  100 * w.cpu_share(), slowdown_cell(base, w).c_str());
    out += line;
  }
  if (base && !base->has_calls())
    out += "(no read or write call while untraced: the slowdowns cannot be "
           "measured from /proc/PID/io)\n";
}

} // namespace

void append_live_text(std::string& out, const CompareResult& r) {
  append_windows_text(out, r);
  char line[300];
  std::snprintf(line, sizeof line,
                "\nin the window both were attached: strace %llu calls, "
                "sctrace %llu calls (%zu more sctrace calls were outside "
                "strace's window, left out)\n",
                static_cast<unsigned long long>(r.diff.strace_calls),
                static_cast<unsigned long long>(r.diff.sctrace_calls),
                r.sctrace_outside_window);
  out += line;
  const auto& s = r.sctrace_summary;
  std::snprintf(line, sizeof line,
                "sctrace: %s%llu events dropped, %llu unfinished\n",
                s.loss_exact ? "" : "at least ",
                static_cast<unsigned long long>(s.events_dropped),
                static_cast<unsigned long long>(s.unfinished_calls));
  out += line;
}

void add_live_json(Json& j, const CompareResult& r) {
  j["target"] = r.target;
  j["pids"] = r.pids;
  j["duration_seconds"] = r.duration_seconds;
  const Rate* base = untraced_window(r);
  Json windows = Json::array();
  for (const auto& w : r.windows) {
    double s = base && &w != base ? slowdown(*base, w) : 0;
    windows.push_back({{"window", w.window},
                       {"seconds", w.seconds},
                       {"rw_calls", w.rw_calls},
                       {"rw_calls_per_second", w.calls_per_second()},
                       {"cpu_seconds", w.cpu_seconds},
                       {"cpu_share", w.cpu_share()},
                       {"slowdown", s > 0 ? Json(s) : Json(nullptr)}});
  }
  j["windows"] = windows;
}

void append_features_text(std::string& out, const CompareResult& r) {
  Features f = compare_features(r);
  auto list = [&out](const char* title, const std::vector<Feature>& v) {
    out += title;
    for (const auto& e : v) {
      out += "  - " + e.text;
      if (!e.evidence.empty()) {
        out += " (";
        output::append_terminal_safe(out, e.evidence);
        out += ")";
      }
      out += "\n";
    }
  };
  list("\nonly strace:\n", f.strace_only);
  list("only sctrace:\n", f.sctrace_only);
}

Json features_json(const CompareResult& r) {
  Features f = compare_features(r);
  auto list = [](const std::vector<Feature>& v) {
    Json a = Json::array();
    for (const auto& e : v)
      a.push_back({{"key", e.key},
                   {"text", e.text},
                   {"evidence",
                    e.evidence.empty() ? Json(nullptr) : Json(e.evidence)}});
    return a;
  };
  return {{"strace_only", list(f.strace_only)},
          {"sctrace_only", list(f.sctrace_only)}};
}

} // namespace sctrace::compare
