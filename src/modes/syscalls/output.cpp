#include "modes/syscalls/output.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>

#include "decode/errno_names.h"
#include "decode/signals.h"
#include "events/writer.h"
#include "modes/syscalls/json_names.h"
#include "modes/syscalls/process_text.h"
#include "output/csv.h"
#include "output/escape.h"
#include "output/json.h"
#include "output/number.h"
#include "output/put.h"
#include "output/rfc3339.h"
#include "util/strings.h"

namespace sctrace::syscalls {

using output::append_c_escaped;
using output::append_csv_field;
using output::append_csv_quoted;
using output::append_json_string;
using output::append_number;
using output::append_rfc3339;
using util::append_int;

namespace {

// -y/-yy: "<name>" after an fd, escaped as a path, and '>' as \x3e so
// the name cannot end early (strace escapes it too, as \76), except the
// "->" between a socket's addresses ("TCP:[a->b]").
void append_fd_name(std::string& out, const SyscallEvent& e,
                    std::string_view key) {
  for (const auto& [name, what] : e.fd_paths)
    if (name == key) {
      // "TCP:[", "UNIX-STREAM:[": a label before any '/'.
      auto bracket = what.find(":[");
      bool socket = bracket != std::string::npos && bracket > 0 &&
                    bracket < what.find('/');
      out += '<';
      std::string_view rest = what;
      for (auto gt = rest.find('>'); gt != std::string_view::npos;
           gt = rest.find('>')) {
        append_c_escaped(out, rest.substr(0, gt));
        bool arrow = socket && gt > 0 && rest[gt - 1] == '-';
        out += arrow ? ">" : "\\x3e";
        rest.remove_prefix(gt + 1);
      }
      append_c_escaped(out, rest);
      out += '>';
      return;
    }
}

// The arguments as strace shows them, each named fd with its -y name.
void append_args_text(std::string& out, const SyscallEvent& e) {
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    if (i)
      out += ", ";
    append_arg_text(out, e.args[i]);
    if (e.fd_path && e.args[i].kind == SyscallArg::Kind::Int)
      append_fd_name(out, e, e.args[i].name);
  }
}

void append_arg_json(std::string& out, const SyscallArg& a) {
  switch (a.kind) {
  case SyscallArg::Kind::Int:
    append_int(out, a.number);
    return;
  case SyscallArg::Kind::Text:
  case SyscallArg::Kind::Path:
    append_json_string(out, a.text);
    return;
  case SyscallArg::Kind::Null:
    out += "null";
    return;
  case SyscallArg::Kind::Sockaddr:
    out += "{\"family\":";
    append_json_string(out, a.family);
    if (!a.path.empty() || a.family == "AF_UNIX") {
      out += ",\"path\":";
      append_json_string(out, a.path);
      out += a.abstract ? ",\"abstract\":true" : ",\"abstract\":false";
    } else if (!a.address.empty() && a.port) {
      out += ",\"address\":";
      append_json_string(out, a.address);
      out += ",\"port\":";
      append_int(out, *a.port);
    }
    out += '}';
    return;
  }
}

// "args":{...}, with the event's extraction errors as a last member.
void append_args_json(std::string& out, const SyscallEvent& e) {
  out += ",\"args\":{";
  bool first = true;
  for (const auto& a : e.args) {
    if (!first)
      out += ',';
    first = false;
    append_json_string(out, a.name);
    out += ':';
    append_arg_json(out, a);
  }
  if (!e.extraction_errors.empty()) {
    out += first ? "\"extraction_errors\":[" : ",\"extraction_errors\":[";
    for (std::size_t i = 0; i < e.extraction_errors.size(); ++i) {
      if (i)
        out += ',';
      append_json_string(out, e.extraction_errors[i]);
    }
    out += ']';
  }
  out += '}';
}

// {errno, name, message}: message is seed 000's "ENOENT: No such file or
// directory" (the strerror text alone for an errno without a name).
void append_error_object(std::string& out, int error) {
  out += "{\"errno\":";
  append_int(out, error);
  out += ",\"name\":";
  append_json_string(out, decode::errno_name(error));
  out += ",\"message\":";
  append_json_string(out, decode::errno_summary(error));
  out += '}';
}

// The error object of ERROR (not 0); the object of an errno below
// kCachedErrnos is made once per thread (a failing call's error is the
// same text every time), others into SCRATCH.
constexpr int kCachedErrnos = 4096;
const std::string& error_object(int error, std::string& scratch) {
  if (error < 0 || error >= kCachedErrnos) {
    scratch.clear();
    append_error_object(scratch, error);
    return scratch;
  }
  thread_local std::vector<std::string> cache;
  if (cache.size() <= static_cast<std::size_t>(error))
    cache.resize(static_cast<std::size_t>(error) + 1);
  std::string& object = cache[static_cast<std::size_t>(error)];
  if (object.empty())
    append_error_object(object, error);
  return object;
}

// ,"error": and the object, or null when ERROR is 0.
void append_error_json(std::string& out, int error) {
  out += ",\"error\":";
  if (!error) {
    out += "null";
    return;
  }
  std::string scratch;
  out += error_object(error, scratch);
}

// ,"return_value":...,"duration_ns":...,"duration_us":... at P (null when
// unknown); returns the end. At most 48 + 3 * kMaxIntChars bytes.
char* put_result_json(char* p, const SyscallEvent& e) {
  using output::put;
  using output::put_int;
  p = put(p, ",\"return_value\":");
  p = e.return_value ? put_int(p, *e.return_value) : put(p, "null");
  p = put(p, ",\"duration_ns\":");
  if (e.duration_ns)
    return put_int(put(put_int(p, *e.duration_ns), ",\"duration_us\":"),
                   *e.duration_ns / 1000);
  return put(p, "null,\"duration_us\":null");
}

// return_value, duration_ns, duration_us, error, unfinished: each always
// present, null when unknown.
void append_outcome_json(std::string& out, const SyscallEvent& e) {
  char buf[64 + 3 * output::kMaxIntChars];
  out.append(buf, put_result_json(buf, e));
  append_error_json(out, e.error);
  out += ",\"unfinished\":";
  if (e.unfinished == Unfinished::No) {
    out += "null";
  } else {
    out += '"';
    out += unfinished_name(e.unfinished);
    out += '"';
  }
}

// V, or null when it is not KNOWN.
void append_int_or_null(std::string& out, bool known, std::int64_t v) {
  if (known)
    append_int(out, v);
  else
    out += "null";
}

// An exit event's "type" and object: the code, or the killing signal.
void append_exit_json(std::string& out, const SyscallEvent& e) {
  ExitStatus x = exit_status(e.exit_code);
  out += ",\"type\":\"exit\",\"exit\":{\"code\":";
  append_int_or_null(out, x.exited, x.value);
  out += ",\"signal\":";
  if (x.exited)
    out += "null";
  else
    append_json_string(out, decode::signal_name(x.value));
  out += x.core_dumped ? ",\"core_dumped\":true}" : ",\"core_dumped\":false}";
}

// A signal or exit event: the common head, "type", and its object.
void append_process_event_json(std::string& out, const SyscallEvent& e) {
  if (e.kind == EventKind::Exit)
    return append_exit_json(out, e);
  const SignalInfo& s = e.signal;
  out += ",\"type\":\"signal\",\"signal\":{\"name\":";
  append_json_string(out, decode::signal_name(s.signo));
  out += ",\"signo\":";
  append_int(out, s.signo);
  out += ",\"si_code\":";
  append_json_string(out, signal_code_name(s.signo, s.code));
  out += ",\"si_pid\":";
  append_int_or_null(out, s.sender_known, s.pid);
  out += ",\"si_uid\":";
  append_int_or_null(out, s.sender_known, s.uid);
  out += ",\"text\":";
  std::string text;
  append_signal_text(text, s);
  append_json_string(out, text);
  out += '}';
}

// sctrace slow's extras (fd_paths, user_stack), only when there are any.
// -y/-yy: "fd_path", and "fd_paths" only when it names more than one fd.
void append_slow_extras_json(std::string& out, const SyscallEvent& e) {
  if (e.fd_path) {
    out += ",\"fd_path\":";
    append_json_string(out, *e.fd_path);
  }
  if (!e.fd_paths.empty() && (!e.fd_path || e.fd_paths.size() > 1)) {
    out += ",\"fd_paths\":{";
    for (std::size_t i = 0; i < e.fd_paths.size(); ++i) {
      if (i)
        out += ',';
      append_json_string(out, e.fd_paths[i].first);
      out += ':';
      append_json_string(out, e.fd_paths[i].second);
    }
    out += '}';
  }
  if (!e.user_stack.empty()) {
    out += ",\"user_stack\":[";
    for (std::size_t i = 0; i < e.user_stack.size(); ++i) {
      if (i)
        out += ',';
      append_json_string(out, e.user_stack[i]);
    }
    out += ']';
  }
}

// "per_syscall":[{syscall, count, errors, total_ns}, ...]
void append_per_syscall_json(std::string& out,
                             const std::vector<SyscallCount>& per_syscall) {
  out += ",\"per_syscall\":[";
  for (std::size_t i = 0; i < per_syscall.size(); ++i) {
    const auto& c = per_syscall[i];
    out += i ? ",{\"syscall\":" : "{\"syscall\":";
    append_json_string(out, c.syscall);
    out += ",\"count\":";
    append_int(out, c.count);
    out += ",\"errors\":";
    append_int(out, c.errors);
    out += ",\"total_ns\":";
    append_int(out, c.total_ns);
    out += '}';
  }
  out += ']';
}

// "tool_stats":{...}, every member always present.
void append_tool_stats_json(std::string& out, const ToolStats& t) {
  out += ",\"tool_stats\":{\"events_captured\":";
  append_int(out, t.events_captured);
  out.push_back(',');
  events::append_loss_json(out, t.events_dropped, t.loss_exact);
  out += ",\"ring_buffer_fills\":";
  append_int(out, t.ring_buffer_fills);
  out += ",\"filename_resolution_failures\":";
  append_int(out, t.filename_resolution_failures);
  out += ",\"cpu_overhead_percent\":";
  append_number(out, t.cpu_overhead_percent);
  out += ",\"lost_reported\":";
  append_int(out, t.lost_reported);
  out += ",\"events_after_stop\":";
  append_int(out, t.events_after_stop);
  if (t.fd_paths_unresolved) {
    out += ",\"fd_paths_unresolved\":";
    append_int(out, *t.fd_paths_unresolved);
  }
  out += ",\"bpftrace_version\":";
  append_json_string(out, t.bpftrace_version);
  out += ",\"string_size\":";
  append_int(out, t.string_size);
  out += ",\"buffer_pages\":";
  append_int(out, t.buffer_pages);
  out += t.drained ? ",\"drained\":true}" : ",\"drained\":false}";
}

// {"name":n, ...} from (name, n) pairs, in their order.
void append_counts_object(
    std::string& out,
    const std::vector<std::pair<std::string, std::uint64_t>>& counts) {
  out += '{';
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (i)
      out += ',';
    append_json_string(out, counts[i].first);
    out += ':';
    append_int(out, counts[i].second);
  }
  out += '}';
}

// "slow":{default_threshold_ns, thresholds_ns, fast_calls,
// fast_by_syscall}: sctrace slow's summary.
void append_slow_stats_json(std::string& out, const SlowStats& w) {
  out += ",\"slow\":{\"default_threshold_ns\":";
  if (w.default_threshold_ns)
    append_int(out, *w.default_threshold_ns);
  else
    out += "null";
  out += ",\"thresholds_ns\":";
  append_counts_object(out, w.thresholds);
  out += ",\"fast_calls\":";
  append_int(out, w.fast_calls);
  out += ",\"fast_by_syscall\":";
  append_counts_object(out, w.fast_by_syscall);
  out += '}';
}

// The put path (output/put.h): an ordinary syscall event written into a
// buffer sized once for it (event_json_bound), without a std::string
// append per piece; the same bytes as append_event_json_general().

// True when put_event_json() can write E: a syscall event without
// sockaddr arguments and without sctrace slow's or -y's extras.
bool putable(const SyscallEvent& e) {
  if (e.kind != EventKind::Syscall || e.fd_path || !e.fd_paths.empty() ||
      !e.user_stack.empty())
    return false;
  for (const auto& a : e.args)
    if (a.kind == SyscallArg::Kind::Sockaddr)
      return false;
  return true;
}

// The most bytes put_event_json() writes for E with error object ERROR.
std::size_t event_json_bound(const SyscallEvent& e, std::string_view error) {
  using output::json_string_bound;
  std::size_t n = 384 + output::kRfc3339Size + error.size() +
                  json_string_bound(e.comm.size()) +
                  json_string_bound(e.syscall.size());
  for (const auto& a : e.args)
    n += 2 + output::kMaxIntChars + json_string_bound(a.name.size()) +
         json_string_bound(a.text.size());
  for (const auto& x : e.extraction_errors)
    n += 1 + json_string_bound(x.size());
  return n;
}

// The TEXT's bytes at P; returns their end.
char* put_text(char* p, std::string_view text) {
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

// ,"args":{...} (append_args_json) at P, the members before it included
// (,"syscall":...,"nr":...) when NAMES has them.
char* put_args_json(char* p, const SyscallEvent& e,
                    const JsonNames::Text* names) {
  using output::put;
  using output::put_json_string;
  if (names != nullptr) {
    p = put_text(p, names->head);
  } else {
    p = put_json_string(put(p, ",\"syscall\":"), e.syscall);
    p = output::put_int(put(p, ",\"nr\":"), e.nr);
    p = put(p, ",\"args\":{");
  }
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    const SyscallArg& a = e.args[i];
    if (i)
      *p++ = ',';
    if (names != nullptr) {
      p = put_text(p, names->keys[i]);
    } else {
      p = put_json_string(p, a.name);
      *p++ = ':';
    }
    if (a.kind == SyscallArg::Kind::Int)
      p = output::put_int(p, a.number);
    else if (a.kind == SyscallArg::Kind::Null)
      p = put(p, "null");
    else
      p = put_json_string(p, a.text);
  }
  if (!e.extraction_errors.empty()) {
    p = e.args.empty() ? put(p, "\"extraction_errors\":[")
                       : put(p, ",\"extraction_errors\":[");
    for (std::size_t i = 0; i < e.extraction_errors.size(); ++i) {
      if (i)
        *p++ = ',';
      p = put_json_string(p, e.extraction_errors[i]);
    }
    *p++ = ']';
  }
  *p++ = '}';
  return p;
}

// The outcome members (append_outcome_json) at P; ERROR is the error
// object when E failed.
char* put_outcome_json(char* p, const SyscallEvent& e, std::string_view error) {
  using output::put;
  p = put(put_result_json(p, e), ",\"error\":");
  if (e.error) {
    std::memcpy(p, error.data(), error.size());
    p += error.size();
  } else {
    p = put(p, "null");
  }
  p = put(p, ",\"unfinished\":");
  if (e.unfinished == Unfinished::No)
    return put(p, "null");
  const std::string_view name = unfinished_name(e.unfinished);
  *p++ = '"';
  std::memcpy(p, name.data(), name.size());
  p += name.size();
  *p++ = '"';
  return p;
}

// A putable() event's JSON at P, which has room for event_json_bound()
// bytes; returns its end. NAMES: E's names' text (JsonNames), or null.
char* put_event_json(char* p, const SyscallEvent& e, std::string_view error,
                     const JsonNames::Text* names) {
  using output::put;
  p = put(p, "{\"timestamp\":\"");
  p = output::write_rfc3339(p, e.timestamp_ns);
  p = output::put_int(put(p, "\",\"pid\":"), e.pid);
  p = output::put_int(put(p, ",\"tid\":"), e.tid);
  p = output::put_json_string(put(p, ",\"comm\":"), e.comm);
  p = put_args_json(p, e, names);
  p = put_outcome_json(p, e, error);
  *p++ = '}';
  return p;
}

class JsonlWriter final : public SyscallWriter {
public:
  explicit JsonlWriter(std::ostream& out) : SyscallWriter(out) {}
  ~JsonlWriter() override { drain(); }
  // putable() events are put one after another into buf_ (kept at its
  // largest size, so that no event pays for zero-filling it) and reach
  // the stream in one write per batch (drain()), not one per event.
  void event(const SyscallEvent& e) override {
    if (!putable(e)) {
      drain();
      line_.clear();
      append_event_json(line_, e);
      line_ += '\n';
      out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
      return;
    }
    const std::string_view error =
        e.error ? std::string_view(error_object(e.error, scratch_))
                : std::string_view();
    const std::size_t bound = event_json_bound(e, error) + 1;
    if (buf_.size() < used_ + bound)
      buf_.resize(std::max(used_ + bound, 2 * buf_.size()));
    char* end = put_event_json(buf_.data() + used_, e, error, names_.of(e));
    *end++ = '\n';
    used_ = static_cast<std::size_t>(end - buf_.data());
    if (used_ >= kBatchBytes)
      drain();
  }
  void finish(const SyscallSummary& s) override {
    drain();
    line_ = "{\"summary\":";
    append_summary_json(line_, s);
    line_ += "}\n";
    out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    out_.flush();
  }

protected:
  void drain() override {
    if (used_ == 0)
      return;
    out_.write(buf_.data(), static_cast<std::streamsize>(used_));
    used_ = 0;
  }

private:
  // The most bytes of events held back between two drains.
  static constexpr std::size_t kBatchBytes = 64 * 1024;
  std::size_t used_ = 0; // bytes of buf_ holding events not yet written
  std::string line_;     // the other events' JSON, the summary
  std::string scratch_;  // error objects not cached
  JsonNames names_;
};

class JsonWriter final : public SyscallWriter {
public:
  explicit JsonWriter(std::ostream& out) : SyscallWriter(out) {}
  void event(const SyscallEvent& e) override {
    buf_ = first_ ? "{\"events\":[\n" : ",\n";
    first_ = false;
    append_event_json(buf_, e);
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  }
  void finish(const SyscallSummary& s) override {
    buf_ = first_ ? "{\"events\":[" : "\n";
    buf_ += "],\n\"summary\":";
    append_summary_json(buf_, s);
    buf_ += "}\n";
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    out_.flush();
  }

private:
  bool first_ = true;
};

class CsvWriter final : public SyscallWriter {
public:
  CsvWriter(std::ostream& out, bool types) : SyscallWriter(out), types_(types) {
    out_ << "timestamp,pid,tid,comm,syscall,args,return_value,errno,"
            "error_name,duration_ns,unfinished,extraction_errors"
         << (types_ ? ",type\n" : "\n");
  }
  void event(const SyscallEvent& e) override {
    buf_.clear();
    if (e.kind != EventKind::Syscall)
      return process_row(e);
    append_head(e);
    buf_ += ',';
    buf_ += e.syscall;
    buf_ += ',';
    std::string args;
    append_args_text(args, e);
    append_csv_quoted(buf_, args); // already escaped, strace-style
    buf_ += ',';
    if (e.return_value)
      append_int(buf_, *e.return_value);
    buf_ += ',';
    if (e.error) {
      append_int(buf_, e.error);
      buf_ += ',';
      buf_ += decode::errno_name(e.error);
    } else {
      buf_ += ',';
    }
    buf_ += ',';
    if (e.duration_ns)
      append_int(buf_, *e.duration_ns);
    buf_ += ',';
    buf_ += unfinished_name(e.unfinished);
    buf_ += ',';
    std::string errs;
    for (const auto& x : e.extraction_errors)
      errs += (errs.empty() ? "" : ";") + x;
    buf_ += errs;
    buf_ += types_ ? ",syscall\n" : "\n";
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  }
  void finish(const SyscallSummary&) override { out_.flush(); }

private:
  // Every row's first columns: timestamp,pid,tid,comm.
  void append_head(const SyscallEvent& e) {
    append_rfc3339(buf_, e.timestamp_ns);
    buf_ += ',';
    append_int(buf_, e.pid);
    buf_ += ',';
    append_int(buf_, e.tid);
    buf_ += ',';
    append_csv_field(buf_, e.comm);
  }
  // A signal or exit: strace's line as args, the rest empty but type.
  void process_row(const SyscallEvent& e) {
    append_head(e);
    buf_ += ",,";
    std::string text;
    append_event_text(text, e);
    append_csv_quoted(buf_, text);
    buf_ += e.kind == EventKind::Signal ? ",,,,,,,signal\n" : ",,,,,,,exit\n";
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  }
  bool types_;
};

class TextWriter final : public SyscallWriter {
public:
  TextWriter(std::ostream& out, std::ostream& notes, const TextOptions& text)
      : SyscallWriter(out), notes_(notes), text_(text) {}
  void event(const SyscallEvent& e) override {
    buf_.clear();
    if (tids_.size() < 2)
      tids_.insert(e.tid);
    if (tids_.size() > 1) {
      buf_ += "[pid ";
      append_int(buf_, e.tid);
      buf_ += "] ";
    }
    append_text_time(buf_, text_, e.timestamp_ns, previous_ns_);
    previous_ns_ = e.timestamp_ns;
    append_event_text(buf_, e, text_.durations);
    buf_ += '\n';
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  }
  void finish(const SyscallSummary& s) override {
    out_.flush();
    std::string t;
    char line[160];
    std::snprintf(line, sizeof line, "%-20s %10s %10s %14s\n", "syscall",
                  "calls", "errors", "usecs");
    t += line;
    for (const auto& c : s.per_syscall) {
      std::snprintf(line, sizeof line,
                    "%-20s %10" PRIu64 " %10" PRIu64 " %14" PRIu64 "\n",
                    c.syscall.c_str(), c.count, c.errors, c.total_ns / 1000);
      t += line;
    }
    std::snprintf(
        line, sizeof line,
        "%" PRIu64 " calls in %.3f s (%.0f/s), %.1f%% failed, %" PRIu64
        " unfinished, %s%" PRIu64 " dropped, sctrace+bpftrace CPU "
        "%.1f%%\n",
        s.total_events, s.duration_seconds, s.syscalls_per_second,
        s.error_rate * 100, s.unfinished_calls,
        s.tool_stats.loss_exact ? "" : "at least ", s.tool_stats.events_dropped,
        s.tool_stats.cpu_overhead_percent);
    t += line;
    notes_ << t;
    notes_.flush();
  }

private:
  std::ostream& notes_;
  TextOptions text_;
  std::optional<std::uint64_t> previous_ns_; // the line above's entry
  std::set<std::uint32_t> tids_;
};

} // namespace

void append_arg_text(std::string& out, const SyscallArg& a) {
  switch (a.kind) {
  case SyscallArg::Kind::Int:
    append_int(out, a.number);
    return;
  case SyscallArg::Kind::Text:
    out += a.text;
    return;
  case SyscallArg::Kind::Path:
    out += '"';
    append_c_escaped(out, a.text);
    out += a.truncated ? "\"..." : "\""; // strace's mark for a cut string
    return;
  case SyscallArg::Kind::Null:
    out += "NULL";
    return;
  case SyscallArg::Kind::Sockaddr:
    out += "{sa_family=" + a.family;
    if (!a.path.empty() || a.family == "AF_UNIX") {
      out += a.abstract ? ", sun_path=@\"" : ", sun_path=\"";
      append_c_escaped(out, a.path);
      out += "\"}";
    } else if (!a.address.empty() && a.port && a.family == "AF_INET6") {
      out += ", sin6_port=htons(" + std::to_string(*a.port) +
             "), inet_pton(AF_INET6, \"" + a.address + "\", &sin6_addr)}";
    } else if (!a.address.empty() && a.port) {
      out += ", sin_port=htons(" + std::to_string(*a.port) +
             "), sin_addr=inet_addr(\"" + a.address + "\")}";
    } else {
      out += ", ...}";
    }
    return;
  }
}

namespace {

// append_event_json() for every event, piece by piece.
void append_event_json_general(std::string& out, const SyscallEvent& e) {
  // {"timestamp":"...","pid":P,"tid":T,"comm": on the stack, appended once.
  char head[64 + output::kRfc3339Size + 2 * output::kMaxIntChars];
  char* p = output::put(head, "{\"timestamp\":\"");
  p = output::write_rfc3339(p, e.timestamp_ns);
  p = output::put_int(output::put(p, "\",\"pid\":"), e.pid);
  p = output::put_int(output::put(p, ",\"tid\":"), e.tid);
  p = output::put(p, ",\"comm\":");
  out.append(head, p);
  append_json_string(out, e.comm);
  if (e.kind != EventKind::Syscall) {
    append_process_event_json(out, e);
    out += '}';
    return;
  }
  out += ",\"syscall\":";
  append_json_string(out, e.syscall);
  out += ",\"nr\":";
  append_int(out, e.nr);
  append_args_json(out, e);
  append_outcome_json(out, e);
  append_slow_extras_json(out, e);
  out += '}';
}

} // namespace

void append_event_json(std::string& out, const SyscallEvent& e) {
  if (!putable(e))
    return append_event_json_general(out, e);
  std::string scratch;
  const std::string_view error =
      e.error ? std::string_view(error_object(e.error, scratch))
              : std::string_view();
  const std::size_t start = out.size();
  out.resize(start + event_json_bound(e, error));
  char* end = put_event_json(out.data() + start, e, error, nullptr);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

void append_summary_json(std::string& out, const SyscallSummary& s) {
  out += "{\"total_events\":";
  append_int(out, s.total_events);
  out += ",\"duration_seconds\":";
  append_number(out, s.duration_seconds);
  out += ",\"syscalls_per_second\":";
  append_number(out, s.syscalls_per_second);
  out += ",\"error_rate\":";
  append_number(out, s.error_rate);
  out += ",\"unfinished_calls\":";
  append_int(out, s.unfinished_calls);
  append_per_syscall_json(out, s.per_syscall);
  out += ",\"stop_reason\":";
  append_json_string(out, s.stop_reason);
  if (s.command_exit_code) {
    out += ",\"command_exit_code\":";
    append_int(out, *s.command_exit_code);
  }
  append_tool_stats_json(out, s.tool_stats);
  if (s.slow)
    append_slow_stats_json(out, *s.slow);
  out += '}';
}

void append_event_text(std::string& out, const SyscallEvent& e,
                       bool durations) {
  if (e.kind == EventKind::Signal)
    return append_signal_text(out, e.signal);
  if (e.kind == EventKind::Exit)
    return append_exit_text(out, e.exit_code);
  if (e.unfinished == Unfinished::StartedBeforeTrace) {
    out += "<... " + e.syscall + " resumed>)";
  } else {
    out += e.syscall;
    out += '(';
    append_args_text(out, e);
    if (e.unfinished == Unfinished::RunningAtStop) {
      out += " <unfinished ...>";
      return;
    }
    out += ')';
  }
  if (e.unfinished == Unfinished::NeverReturned) {
    out += " = ?";
    return;
  }
  out += " = ";
  if (e.error)
    out += decode::errno_return(e.error);
  else if (e.return_value)
    append_int(out, *e.return_value);
  if (e.fd_path && !e.error)
    append_fd_name(out, e, "return_value");
  if (durations && e.duration_ns) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " <%" PRIu64 ".%06" PRIu64 ">",
                  *e.duration_ns / 1'000'000'000,
                  (*e.duration_ns / 1000) % 1'000'000);
    out += buf;
  }
}

Result<std::unique_ptr<SyscallWriter>>
make_syscall_writer(std::string_view format, std::ostream& out,
                    std::ostream& notes, const TextOptions& text,
                    bool process_events) {
  if (format == "text")
    return std::unique_ptr<SyscallWriter>(new TextWriter(out, notes, text));
  if (!text.is_default())
    return make_error(ErrorKind::Invalid,
                      "-t, -tt, -ttt, -r and --no-T shape the text output; "
                      "--format " +
                          std::string(format) +
                          " events carry timestamp and duration_ns "
                          "already: drop them, or use --format text");
  if (format == "json")
    return std::unique_ptr<SyscallWriter>(new JsonWriter(out));
  if (format == "jsonl")
    return std::unique_ptr<SyscallWriter>(new JsonlWriter(out));
  if (format == "csv")
    return std::unique_ptr<SyscallWriter>(new CsvWriter(out, process_events));
  return make_error(ErrorKind::Invalid, "unknown format '" +
                                            std::string(format) +
                                            "'; use text, json, jsonl or csv");
}

} // namespace sctrace::syscalls
