#include "modes/stats/output.h"

#include <algorithm>
#include <cstdio>

#include "output/csv.h"
#include "output/escape.h"
#include "output/json.h"
#include "output/number.h"
#include "output/rfc3339.h"
#include "util/strings.h"

namespace sctrace::stats {

using output::append_csv_field;
using output::append_json_string;
using output::append_number;
using output::append_rfc3339;
using util::append_int;

std::string with_separators(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

std::string human_duration(std::uint64_t ns) {
  char buf[32];
  auto fmt = [&](double v, const char* unit) {
    const char* f = v >= 100 ? "%.0f%s" : v >= 10 ? "%.1f%s" : "%.2f%s";
    std::snprintf(buf, sizeof buf, f, v, unit);
    return std::string(buf);
  };
  if (ns < 1000)
    return std::to_string(ns) + "ns";
  if (ns < 1000000)
    return fmt(static_cast<double>(ns) / 1e3, "us");
  if (ns < 1000000000)
    return fmt(static_cast<double>(ns) / 1e6, "ms");
  return fmt(static_cast<double>(ns) / 1e9, "s");
}

void append_histogram_text(std::string& out, const SyscallStats& s) {
  std::size_t last = 0;
  std::uint64_t peak = 0;
  for (std::size_t i = 0; i < s.buckets.size(); ++i)
    if (s.buckets[i]) {
      last = i;
      peak = std::max(peak, s.buckets[i]);
    }
  // 0-1us .. 512ms-1s, then everything from 2^20 us (about 1 s) as >1s.
  constexpr std::size_t kLastShown = 20;
  std::uint64_t over = 0;
  for (std::size_t i = kLastShown + 1; i < s.buckets.size(); ++i)
    over += s.buckets[i];
  peak = std::max(peak, over);
  last = std::min(last, kLastShown);
  char line[160];
  // Buckets hold [from, to): 0 -> 1 is under a microsecond.
  std::snprintf(line, sizeof line, "%21s : %-9s %s\n", "usecs", "count",
                "distribution");
  out += line;
  auto bar = [&](std::uint64_t c) {
    std::size_t n = peak ? static_cast<std::size_t>(c * 40 / peak) : 0;
    if (c && n == 0)
      n = 1;
    return "|" + std::string(n, '*') + std::string(40 - n, ' ') + "|";
  };
  for (std::size_t i = 0; i <= last; ++i) {
    std::uint64_t c = i < s.buckets.size() ? s.buckets[i] : 0;
    std::uint64_t lo = bucket_low_ns(static_cast<int>(i)) / 1000;
    std::uint64_t hi = bucket_high_ns(static_cast<int>(i)) / 1000;
    std::snprintf(line, sizeof line, "%10llu -> %-8llu : %-9llu %s\n",
                  static_cast<unsigned long long>(lo),
                  static_cast<unsigned long long>(hi),
                  static_cast<unsigned long long>(c), bar(c).c_str());
    out += line;
  }
  if (over) {
    std::snprintf(line, sizeof line, "%21s : %-9llu %s\n", ">1s",
                  static_cast<unsigned long long>(over), bar(over).c_str());
    out += line;
  }
}

namespace {

void append_field(std::string& out, const char* key) {
  out += ",\"";
  out += key;
  out += "\":";
}

template <typename Int>
void append_num(std::string& out, const char* key, Int v) {
  append_field(out, key);
  append_int(out, v);
}

void append_row_json(std::string& out, const Row& r, bool latency) {
  out += "{\"syscall\":";
  append_json_string(out, r.name);
  append_num(out, "nr", r.nr);
  append_num(out, "count", r.stats.count);
  append_field(out, "rate");
  append_number(out, r.rate);
  append_num(out, "errors", r.stats.errors);
  if (latency) {
    append_num(out, "total_ns", r.stats.total_ns);
    append_num(out, "avg_ns", r.avg_ns);
    append_num(out, "min_ns", r.stats.min_ns);
    append_num(out, "max_ns", r.stats.max_ns);
    append_num(out, "p50_ns", r.p50_ns);
    append_num(out, "p90_ns", r.p90_ns);
    append_num(out, "p99_ns", r.p99_ns);
    out += ",\"histogram\":[";
    for (std::size_t i = 0; i < r.stats.buckets.size(); ++i) {
      out += i ? ",{" : "{";
      out += "\"low_ns\":";
      append_int(out, bucket_low_ns(static_cast<int>(i)));
      // The last bucket has no upper bound: null.
      out += ",\"high_ns\":";
      if (bucket_high_ns(static_cast<int>(i)) == UINT64_MAX)
        out += "null";
      else
        append_int(out, bucket_high_ns(static_cast<int>(i)));
      append_num(out, "count", r.stats.buckets[i]);
      out += '}';
    }
    out += ']';
  }
  out += '}';
}

void append_time_field(std::string& out, const char* key, std::uint64_t ns) {
  append_field(out, key);
  out += '"';
  append_rfc3339(out, ns);
  out += '"';
}

// count -P: one process {pid, started, comm, count, rate, errors,
// syscalls}; started is RFC 3339, or null when unknown (0).
void append_process_json(std::string& out, const ProcessRow& p) {
  out += "{\"pid\":";
  append_int(out, p.pid);
  if (p.start_ns != 0)
    append_time_field(out, "started", p.start_ns);
  else
    out += ",\"started\":null";
  out += ",\"comm\":";
  append_json_string(out, p.comm);
  append_num(out, "count", p.count);
  append_field(out, "rate");
  append_number(out, p.rate);
  append_num(out, "errors", p.errors);
  out += ",\"syscalls\":[";
  for (std::size_t j = 0; j < p.syscalls.size(); ++j) {
    if (j)
      out += ',';
    append_row_json(out, p.syscalls[j], false);
  }
  out += "]}";
}

const char* type_name(gen::StatsKind kind) {
  return kind == gen::StatsKind::Latency ? "syscall_latency" : "syscall_count";
}

} // namespace

void append_report_json(std::string& out, const Report& r,
                        gen::StatsKind kind) {
  const bool latency = kind == gen::StatsKind::Latency;
  out += "{\"interval\":";
  if (r.index)
    append_int(out, r.index);
  else
    out += "null";
  append_time_field(out, "start", r.start_ns);
  append_time_field(out, "end", r.end_ns);
  append_field(out, "seconds");
  append_number(out, r.seconds);
  append_num(out, "total_calls", r.total_count);
  append_num(out, "total_errors", r.total_errors);
  if (latency)
    append_num(out, "total_ns", r.total_ns);
  append_num(out, "syscalls_seen", r.syscalls_seen);
  out += ",\"syscalls\":[";
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    if (i)
      out += ',';
    append_row_json(out, r.rows[i], latency);
  }
  out += ']';
  if (!latency) {
    out += ",\"processes\":[";
    for (std::size_t i = 0; i < r.processes.size(); ++i) {
      if (i)
        out += ',';
      append_process_json(out, r.processes[i]);
    }
    out += ']';
  }
  out += '}';
}

void append_stats_summary_json(std::string& out, const StatsSummary& s) {
  out += "{\"duration_seconds\":";
  append_number(out, s.duration_seconds);
  append_num(out, "total_calls", s.total_calls);
  append_num(out, "total_errors", s.total_errors);
  append_field(out, "calls_per_second");
  append_number(out, s.calls_per_second);
  append_num(out, "intervals", s.intervals);
  out += ",\"stop_reason\":";
  append_json_string(out, s.stop_reason);
  out += ",\"command_exit_code\":";
  if (s.command_exit_code)
    append_int(out, *s.command_exit_code);
  else
    out += "null";
  const StatsToolStats& t = s.tool_stats;
  out += ",\"tool_stats\":{\"bpftrace_version\":";
  append_json_string(out, t.bpftrace_version);
  append_field(out, "cpu_overhead_percent");
  append_number(out, t.cpu_overhead_percent);
  append_num(out, "map_keys", t.map_keys);
  append_num(out, "largest_map", t.largest_map);
  out += std::string(",\"map_full\":") + (t.map_full ? "true" : "false");
  append_num(out, "bad_keys", t.bad_keys);
  append_num(out, "helper_errors", t.helper_errors);
  append_num(out, "updates_lost", t.updates_lost);
  out += std::string(",\"drained\":") + (t.drained ? "true" : "false");
  out += "}}";
}

namespace {

class TextWriter final : public StatsWriter {
public:
  TextWriter(std::ostream& out, gen::StatsKind kind, StatsTextOptions o)
      : StatsWriter(out), latency_(kind == gen::StatsKind::Latency), o_(o) {}
  void interval(const Report& r) override {
    buf_ = "\n[";
    std::string ts;
    append_rfc3339(ts, r.end_ns);
    buf_ += ts.substr(11, 8); // HH:MM:SS (UTC)
    buf_ += "] interval " + std::to_string(r.index) + ", ";
    header(r);
    table(r);
    out_ << buf_;
  }
  void total(const Report& r) override {
    buf_ = "\nTotal: ";
    header(r);
    table(r);
    out_ << buf_;
  }
  void finish(const StatsSummary& s) override {
    buf_.clear();
    if (s.tool_stats.map_full)
      buf_ += "\nWARNING: a map reached " +
              std::to_string(s.tool_stats.map_keys) +
              " keys, so some counts were lost; trace fewer processes\n";
    if (s.tool_stats.updates_lost)
      buf_ += "\nWARNING: bpftrace lost " +
              std::to_string(s.tool_stats.updates_lost) +
              " map updates, so the numbers above miss up to that many calls; "
              "see the warning on stderr\n";
    out_ << buf_;
    out_.flush();
  }

private:
  void header(const Report& r) {
    char line[160];
    std::snprintf(line, sizeof line, "%.2f s: ", r.seconds);
    buf_ += line;
    buf_ += with_separators(r.total_count) + " calls, " +
            with_separators(r.total_errors) + " errors";
    if (latency_)
      buf_ += ", " + human_duration(r.total_ns) + " in the kernel";
    buf_ += "\n";
  }
  void table(const Report& r) {
    if (!latency_ && o_.per_process)
      process_table(r);
    else if (!latency_)
      count_table(r);
    else
      latency_table(r);
  }
  // count -P: one row per process (pid and start time of day, which
  // tells a reused pid's rows apart) with its top three syscalls.
  void process_table(const Report& r) {
    char line[256];
    std::snprintf(line, sizeof line, "%-8s %-15s %-16s %14s %12s %10s  %s\n",
                  "PID", "STARTED(UTC)", "COMM", "COUNT", "RATE(/s)", "ERRORS",
                  "TOP SYSCALLS");
    buf_ += line;
    for (const auto& p : r.processes) {
      std::string comm;
      output::append_c_escaped(comm, p.comm);
      std::string top;
      for (std::size_t i = 0; i < p.syscalls.size() && i < 3; ++i) {
        char pct[16];
        std::snprintf(pct, sizeof pct, " %.0f%%",
                      p.count ? 100.0 * p.syscalls[i].stats.count / p.count
                              : 0);
        top += (i ? ", " : "") + p.syscalls[i].name + pct;
      }
      std::string started = "-";
      if (p.start_ns != 0) {
        started.clear();
        output::append_utc_time_us(started, p.start_ns);
      }
      std::snprintf(
          line, sizeof line, "%-8u %-15s %-16s %14s %12s %10s  %s\n", p.pid,
          started.c_str(), comm.c_str(), with_separators(p.count).c_str(),
          with_separators(static_cast<std::uint64_t>(p.rate + 0.5)).c_str(),
          with_separators(p.errors).c_str(), top.c_str());
      buf_ += line;
    }
    more(r.processes_seen, r.processes.size(), "processes");
  }
  // count: one row per syscall.
  void count_table(const Report& r) {
    char line[256];
    std::snprintf(line, sizeof line, "%-22s %14s %12s %10s\n", "SYSCALL",
                  "COUNT", "RATE(/s)", "ERRORS");
    buf_ += line;
    for (const auto& row : r.rows) {
      std::snprintf(
          line, sizeof line, "%-22s %14s %12s %10s\n", row.name.c_str(),
          with_separators(row.stats.count).c_str(),
          with_separators(static_cast<std::uint64_t>(row.rate + 0.5)).c_str(),
          with_separators(row.stats.errors).c_str());
      buf_ += line;
    }
    more(r.syscalls_seen, r.rows.size(), "syscalls");
  }
  // latency: one row per syscall, then the top rows' histograms.
  void latency_table(const Report& r) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "%-20s %12s %8s %9s %9s %9s %9s %9s %9s %9s\n", "SYSCALL",
                  "COUNT", "ERRORS", "TOTAL", "AVG", "MIN", "MAX", "P50", "P90",
                  "P99");
    buf_ += line;
    for (const auto& row : r.rows) {
      const auto& s = row.stats;
      std::snprintf(
          line, sizeof line, "%-20s %12s %8s %9s %9s %9s %9s %9s %9s %9s\n",
          row.name.c_str(), with_separators(s.count).c_str(),
          with_separators(s.errors).c_str(), human_duration(s.total_ns).c_str(),
          human_duration(row.avg_ns).c_str(), human_duration(s.min_ns).c_str(),
          human_duration(s.max_ns).c_str(), human_duration(row.p50_ns).c_str(),
          human_duration(row.p90_ns).c_str(),
          human_duration(row.p99_ns).c_str());
      buf_ += line;
    }
    more(r.syscalls_seen, r.rows.size(), "syscalls");
    for (std::size_t i = 0; i < r.rows.size() && i < o_.histograms; ++i) {
      buf_ += "\n" + r.rows[i].name + " (" +
              with_separators(r.rows[i].stats.count) + " calls, " +
              human_duration(r.rows[i].stats.total_ns) + ")\n";
      append_histogram_text(buf_, r.rows[i].stats);
    }
  }
  void more(std::size_t seen, std::size_t shown, const char* what) {
    if (seen > shown)
      buf_ += "(" + std::to_string(seen - shown) + " more " + what + "; -T " +
              std::to_string(seen) + " shows them all)\n";
  }
  bool latency_;
  StatsTextOptions o_;
};

class JsonWriter final : public StatsWriter {
public:
  JsonWriter(std::ostream& out, gen::StatsKind kind)
      : StatsWriter(out), kind_(kind) {
    out_ << "{\"type\":\"" << type_name(kind) << "\",\"intervals\":[";
  }
  void interval(const Report& r) override {
    buf_ = first_ ? "\n" : ",\n";
    first_ = false;
    append_report_json(buf_, r, kind_);
    out_ << buf_;
  }
  void total(const Report& r) override {
    buf_ = "],\n\"total\":";
    append_report_json(buf_, r, kind_);
    out_ << buf_;
    total_ = true;
  }
  void finish(const StatsSummary& s) override {
    buf_ = total_ ? ",\n\"summary\":" : "],\n\"total\":null,\n\"summary\":";
    append_stats_summary_json(buf_, s);
    buf_ += "}\n";
    out_ << buf_;
    out_.flush();
  }

private:
  gen::StatsKind kind_;
  bool first_ = true, total_ = false;
};

class JsonlWriter final : public StatsWriter {
public:
  JsonlWriter(std::ostream& out, gen::StatsKind kind)
      : StatsWriter(out), kind_(kind) {}
  void interval(const Report& r) override { line("interval", r); }
  void total(const Report& r) override { line("total", r); }
  void finish(const StatsSummary& s) override {
    buf_ = "{\"type\":\"summary\",\"tool\":\"";
    buf_ += type_name(kind_);
    buf_ += "\",\"summary\":";
    append_stats_summary_json(buf_, s);
    buf_ += "}\n";
    out_ << buf_;
    out_.flush();
  }

private:
  void line(const char* type, const Report& r) {
    buf_ = "{\"type\":\"";
    buf_ += type;
    buf_ += "\",\"tool\":\"";
    buf_ += type_name(kind_);
    buf_ += "\",\"report\":";
    append_report_json(buf_, r, kind_);
    buf_ += "}\n";
    out_ << buf_;
  }
  gen::StatsKind kind_;
};

class CsvWriter final : public StatsWriter {
public:
  CsvWriter(std::ostream& out, gen::StatsKind kind)
      : StatsWriter(out), latency_(kind == gen::StatsKind::Latency) {
    out_ << "scope,interval,start,end,seconds,pid,started,comm,syscall,nr,"
            "count,rate,errors"
         << (latency_ ? ",total_ns,avg_ns,min_ns,max_ns,p50_ns,p90_ns,p99_ns"
                      : "")
         << "\n";
  }
  void interval(const Report& r) override { rows("interval", r); }
  void total(const Report& r) override { rows("total", r); }
  void finish(const StatsSummary&) override { out_.flush(); }

private:
  void rows(const char* scope, const Report& r) {
    buf_.clear();
    for (const auto& row : r.rows)
      line(scope, r, nullptr, row);
    for (const auto& p : r.processes)
      for (const auto& row : p.syscalls)
        line("process", r, &p, row);
    out_ << buf_;
  }
  void line(const char* scope, const Report& r, const ProcessRow* p,
            const Row& row) {
    buf_ += scope;
    buf_ += ',';
    if (r.index)
      append_int(buf_, r.index);
    buf_ += ',';
    append_rfc3339(buf_, r.start_ns);
    buf_ += ',';
    append_rfc3339(buf_, r.end_ns);
    buf_ += ',';
    append_number(buf_, r.seconds);
    buf_ += ',';
    if (p) {
      append_int(buf_, p->pid);
      buf_ += ',';
      if (p->start_ns != 0)
        append_rfc3339(buf_, p->start_ns);
      buf_ += ',';
      append_csv_field(buf_, p->comm);
    } else {
      buf_ += ",,";
    }
    buf_ += ',' + row.name + ',';
    append_int(buf_, row.nr);
    buf_ += ',';
    append_int(buf_, row.stats.count);
    buf_ += ',';
    append_number(buf_, row.rate);
    buf_ += ',';
    append_int(buf_, row.stats.errors);
    if (latency_)
      for (auto v : {row.stats.total_ns, row.avg_ns, row.stats.min_ns,
                     row.stats.max_ns, row.p50_ns, row.p90_ns, row.p99_ns}) {
        buf_ += ',';
        append_int(buf_, v);
      }
    buf_ += '\n';
  }
  bool latency_;
};

} // namespace

Result<std::unique_ptr<StatsWriter>>
make_stats_writer(std::string_view format, gen::StatsKind kind,
                  const StatsTextOptions& text, std::ostream& out) {
  if (format == "text")
    return std::unique_ptr<StatsWriter>(new TextWriter(out, kind, text));
  if (format == "json")
    return std::unique_ptr<StatsWriter>(new JsonWriter(out, kind));
  if (format == "jsonl")
    return std::unique_ptr<StatsWriter>(new JsonlWriter(out, kind));
  if (format == "csv")
    return std::unique_ptr<StatsWriter>(new CsvWriter(out, kind));
  return make_error(ErrorKind::Invalid, "unknown format '" +
                                            std::string(format) +
                                            "'; use text, json, jsonl or csv");
}

} // namespace sctrace::stats
