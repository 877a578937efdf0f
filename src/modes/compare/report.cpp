#include "modes/compare/report.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "modes/compare/report_live.h"
#include "output/escape.h"
#include "util/strings.h"

namespace sctrace::compare {

namespace {

using Json = nlohmann::ordered_json;

Json optional_int(const std::optional<int>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json tool_json(const ToolRun& t, double untraced, std::uint64_t calls) {
  Json j;
  j["seconds"] = t.seconds;
  j["slowdown"] = untraced > 0 ? Json(t.seconds / untraced) : Json(nullptr);
  j["added_seconds"] =
      untraced > 0 ? Json(t.seconds - untraced) : Json(nullptr);
  j["span_seconds"] = t.span_seconds ? Json(*t.span_seconds) : Json(nullptr);
  j["calls"] = calls;
  j["exit_code"] = optional_int(t.exit_code);
  if (t.term_signal)
    j["signal"] = *t.term_signal;
  return j;
}

Json example_json(const Disagreement& d) {
  Json j;
  j["kind"] = d.kind;
  j["syscall"] = d.syscall;
  j["argument"] = d.argument.empty() ? Json(nullptr) : Json(d.argument);
  j["nth"] = d.nth;
  j["strace_tid"] = d.strace_tid;
  j["sctrace_tid"] = d.sctrace_tid;
  j["strace_line"] = d.strace_line;
  j["sctrace_line"] = d.sctrace_line;
  j["strace"] = d.strace;
  j["sctrace"] = Json::parse(d.sctrace_json, nullptr, false);
  j["detail"] = d.detail;
  return j;
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

// Control bytes and invalid UTF-8 shown as \xNN, so a line stays a line;
// quotes stay as they are (strace's text is already escaped).
std::string printable(std::string_view s) {
  std::string out;
  output::append_terminal_safe(out, s);
  return out;
}

// The three runs' times and call counts, sctrace's losses and warnings.
void append_runs_text(std::string& out, const CompareResult& r) {
  const Diff& d = r.diff;
  const double base = r.untraced.seconds;
  char line[256];
  std::snprintf(line, sizeof line, "%-18s %10s %9s %10s %10s %8s\n", "run",
                "seconds", "slowdown", "added s", "span s", "calls");
  out += line;
  std::snprintf(line, sizeof line, "%-18s %10.3f\n", "untraced", base);
  out += line;
  auto tool = [&](const char* name, const ToolRun& t, std::uint64_t calls) {
    std::snprintf(line, sizeof line, "%-18s %10.3f %8.1fx %10.3f %10s %8llu\n",
                  name, t.seconds, base > 0 ? t.seconds / base : 0.0,
                  t.seconds - base,
                  t.span_seconds ? seconds_text(*t.span_seconds).c_str() : "-",
                  static_cast<unsigned long long>(calls));
    out += line;
  };
  tool("strace -f", r.strace, d.strace_calls);
  tool("sctrace syscalls", r.sctrace, d.sctrace_calls);
  std::snprintf(
      line, sizeof line,
      "sctrace: %s%llu events dropped, %llu unfinished (%llu child "
      "returns from fork/clone not counted as calls)\n",
      r.sctrace_summary.loss_exact ? "" : "at least ",
      static_cast<unsigned long long>(r.sctrace_summary.events_dropped),
      static_cast<unsigned long long>(r.sctrace_summary.unfinished_calls),
      static_cast<unsigned long long>(d.sctrace_started_before_trace));
  out += line;
  for (const auto& w : r.sctrace_warnings)
    out += "sctrace warning: " + w + "\n";
}

// Each syscall's count in both traces, marked where they differ.
void append_per_syscall_text(std::string& out, const Diff& d) {
  char line[256];
  std::snprintf(line, sizeof line, "\n%-24s %8s %8s\n", "syscall", "strace",
                "sctrace");
  out += line;
  for (const auto& p : d.per_syscall) {
    std::snprintf(line, sizeof line, "%-24s %8llu %8llu%s\n", p.syscall.c_str(),
                  static_cast<unsigned long long>(p.strace),
                  static_cast<unsigned long long>(p.sctrace),
                  p.match() ? "" : "  <- differs");
    out += line;
  }
}

// Threads and calls paired, returns and arguments compared.
void append_pairing_text(std::string& out, const Diff& d) {
  char line[256];
  std::snprintf(
      line, sizeof line,
      "\nthreads: %zu (strace), %zu (sctrace), %zu paired, %zu ambiguous\n"
      "paired calls: %llu (unpaired: %llu strace, %llu sctrace)\n"
      "return values: %llu compared, %llu differ\n"
      "arguments: %llu compared, %llu ignored, %llu differ\n",
      d.strace_threads, d.sctrace_threads, d.paired_threads,
      d.ambiguous_threads, static_cast<unsigned long long>(d.paired_calls),
      static_cast<unsigned long long>(d.unpaired_strace),
      static_cast<unsigned long long>(d.unpaired_sctrace),
      static_cast<unsigned long long>(d.returns_compared),
      static_cast<unsigned long long>(d.return_mismatches),
      static_cast<unsigned long long>(d.arguments_compared),
      static_cast<unsigned long long>(d.arguments_ignored),
      static_cast<unsigned long long>(d.argument_mismatches));
  out += line;
}

// Disagreements by kind, then the examples, each only when there are any.
void append_disagreements_text(std::string& out, const Diff& d) {
  char line[256];
  if (!d.by_kind.empty()) {
    out += "\ndisagreements:\n";
    for (const auto& k : d.by_kind) {
      std::snprintf(line, sizeof line, "  %6llu  %-8s %s%s%s\n",
                    static_cast<unsigned long long>(k.count), k.kind.c_str(),
                    k.syscall.c_str(), k.argument.empty() ? "" : " ",
                    k.argument.c_str());
      out += line;
    }
  }
  if (!d.examples.empty())
    out += "\nexamples:\n";
  for (const auto& e : d.examples) {
    out += "  " + e.kind + " " + e.syscall +
           (e.argument.empty() ? "" : " " + e.argument) + ", call " +
           std::to_string(e.nth) + " of thread " +
           std::to_string(e.strace_tid) + " / " +
           std::to_string(e.sctrace_tid) + ": " + printable(e.detail) + "\n";
    out += "    strace:  " + printable(e.strace) + "\n";
    out += "    sctrace: " + printable(e.sctrace_text) + "\n";
  }
}

void append_verdict_text(std::string& out, const Diff& d) {
  out += "\nverdict: ";
  if (d.match()) {
    out += "match\n";
  } else {
    out += "mismatch (" + std::to_string(d.count_mismatches) +
           " syscall counts differ, " + std::to_string(d.return_mismatches) +
           " return values differ)\n";
  }
}

// sctrace's run: times and calls, losses, unfinished calls, warnings.
Json sctrace_json(const CompareResult& r) {
  const auto& sum = r.sctrace_summary;
  Json c = tool_json(r.sctrace, r.untraced.seconds, r.diff.sctrace_calls);
  if (r.attached())
    c["outside_window"] = r.sctrace_outside_window;
  c["events_dropped"] =
      sum.loss_exact ? Json(sum.events_dropped) : Json(nullptr);
  c["events_dropped_at_least"] = sum.events_dropped;
  c["loss_exact"] = sum.loss_exact;
  c["lost_reported"] = sum.lost_reported;
  c["unfinished_calls"] = sum.unfinished_calls;
  c["started_before_trace"] = r.diff.sctrace_started_before_trace;
  c["warnings"] = r.sctrace_warnings;
  return c;
}

} // namespace

std::string json_report(const CompareResult& r) {
  const Diff& d = r.diff;
  const double base = r.untraced.seconds;
  Json j;
  j["command"] = r.attached() ? Json(nullptr) : Json(r.command);
  j["syscalls"] = r.syscalls.empty() ? Json(nullptr) : Json(r.syscalls);
  if (r.attached())
    add_live_json(j, r);
  j["untraced_seconds"] = r.attached() ? Json(nullptr) : Json(base);
  j["untraced_exit_code"] = optional_int(r.untraced.exit_code);
  Json s = tool_json(r.strace, base, d.strace_calls);
  s["unfinished_calls"] = d.strace_unfinished;
  s["malformed_lines"] = r.strace_malformed_lines;
  s["signals"] = r.strace_signals;
  j["strace"] = s;
  j["sctrace"] = sctrace_json(r);
  j["threads"] = {{"strace", d.strace_threads},
                  {"sctrace", d.sctrace_threads},
                  {"paired", d.paired_threads},
                  {"ambiguous", d.ambiguous_threads}};
  Json per = Json::array();
  for (const auto& p : d.per_syscall)
    per.push_back({{"syscall", p.syscall},
                   {"strace", p.strace},
                   {"sctrace", p.sctrace},
                   {"match", p.match()}});
  j["per_syscall"] = per;
  j["count_mismatches"] = d.count_mismatches;
  j["paired_calls"] = d.paired_calls;
  j["unpaired_calls"] = {{"strace", d.unpaired_strace},
                         {"sctrace", d.unpaired_sctrace}};
  j["returns_compared"] = d.returns_compared;
  j["return_mismatches"] = d.return_mismatches;
  j["arguments_compared"] = d.arguments_compared;
  j["arguments_ignored"] = d.arguments_ignored;
  j["argument_mismatches"] = d.argument_mismatches;
  Json kinds = Json::array();
  for (const auto& k : d.by_kind)
    kinds.push_back(
        {{"kind", k.kind},
         {"syscall", k.syscall},
         {"argument", k.argument.empty() ? Json(nullptr) : Json(k.argument)},
         {"count", k.count}});
  j["disagreements"] = kinds;
  Json ex = Json::array();
  for (const auto& e : d.examples)
    ex.push_back(example_json(e));
  j["examples"] = ex;
  j["features"] = features_json(r);
  j["logs"] = r.logs_dir.empty() ? Json(nullptr) : Json(r.logs_dir);
  j["verdict"] = d.match() ? "match" : "mismatch";
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string text_report(const CompareResult& r) {
  std::string out = "sctrace compare: ";
  out += r.attached()
             ? r.target + " for " + seconds_text(r.duration_seconds) + " s"
             : printable(util::join(r.command, " "));
  if (!r.syscalls.empty())
    out += "  (syscalls: " + printable(r.syscalls) + ")";
  out += "\n\n";
  if (r.attached())
    append_live_text(out, r);
  else
    append_runs_text(out, r);
  append_per_syscall_text(out, r.diff);
  append_pairing_text(out, r.diff);
  append_disagreements_text(out, r.diff);
  append_features_text(out, r);
  if (!r.logs_dir.empty())
    out += "\nlogs: " + r.logs_dir + "\n";
  append_verdict_text(out, r.diff);
  return out;
}

} // namespace sctrace::compare
