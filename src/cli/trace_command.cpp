#include "cli/trace_command.h"
#include "cli/diagnostics.h"

#include <fstream>
#include <iostream>
#include <memory>

#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "cli/signals.h"
#include "engine/session.h"
#include "events/writer.h"
#include "spec/parser.h"

namespace sctrace::cli {

void setup_trace_options(CLI::App& app, TraceOptions& o) {
  app.add_option("probe", o.probes,
                 "probe spec: [p|r|t|u]:[library]:function [(filter)] "
                 "[\"format\"[, arg...]]");
  app.add_option("-p,--pid", o.pid, "trace this process only (in kernel)");
  app.add_option("-L,--tid", o.tid, "trace this thread only (in kernel)");
  app.add_option("--uid", o.uid, "trace this user id only (in kernel)");
  app.add_option("-n,--name", o.name,
                 "only events whose process name contains NAME");
  app.add_option("--comm", o.comm,
                 "only processes named exactly COMM (filtered in kernel)");
  app.add_option("-f,--msg-filter", o.msg_filter,
                 "only events whose message contains MSG");
  app.add_option("-M,--max-events", o.max_events,
                 "stop after this many events");
  app.add_flag("-t,--timestamp", o.timestamp, "print time since start");
  app.add_flag("-u,--unix-timestamp", o.unix_timestamp,
               "with -t: print UNIX epoch timestamps");
  app.add_flag("-T,--time", o.wall_time, "print wall-clock time (HH:MM:SS)");
  app.add_flag("-C,--print_cpu", o.cpu, "print the CPU");
  app.add_flag("-K,--kernel-stack", o.kernel_stack, "print kernel stacks");
  app.add_flag("-U,--user-stack", o.user_stack, "print user stacks");
  app.add_option("-Z,--string-size", o.string_size,
                 "bytes read for each %s argument (default: as many as fit)");
  app.add_option(
      "-b,--buffer-pages", o.buffer_pages,
      "bpftrace output buffer pages (default: sized for high rates)");
  app.add_flag("-v,--verbose", o.verbose, "print the bpftrace program");
  app.add_flag("-S,--include-self", o.include_self,
               "do not filter out sctrace and its bpftrace");
  app.add_option("-c,--cgroup-path", o.cgroup,
                 "trace only this cgroup v2 (e.g. /sys/fs/cgroup/unified/x)");
  app.add_option("--duration", o.duration, "stop after SECONDS")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--format", o.format, "output format")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}));
  app.add_option("-o,--output", o.output, "write events to FILE");
  app.add_flag("--dry-run", o.dry_run,
               "print the bpftrace program and exit (no root needed)");
  app.add_option("--bpftrace", o.bpftrace, "bpftrace binary to run");
}

namespace {

// Builds TraceSpecs from the probe strings and the per-probe options.
Result<std::vector<spec::TraceSpec>> build_specs(const TraceOptions& o) {
  std::vector<spec::TraceSpec> specs;
  for (const auto& text : o.probes) {
    auto parsed = spec::parse_probe(text, "spec");
    if (!parsed.ok()) {
      Error e = parsed.error();
      e.message = spec::render_diagnostic(e, text, "spec");
      e.pos.reset(); // already rendered
      return e;
    }
    spec::TraceSpec s = std::move(*parsed);
    if (o.pid > 0)
      s.pid = o.pid;
    if (o.tid > 0)
      s.tid = o.tid;
    if (o.uid >= 0)
      s.uid = o.uid;
    s.process_name = o.comm;
    s.cgroup = o.cgroup;
    s.kernel_stack = o.kernel_stack;
    s.user_stack = o.user_stack;
    if (auto v = spec::validate(s); !v.ok())
      return v.error();
    specs.push_back(std::move(s));
  }
  return specs;
}

// Passes events to a writer; remembers whether writing failed.
class WriterSink final : public events::EventSink {
public:
  explicit WriterSink(events::EventWriter& w) : writer_(w) {}
  void on_event(const events::TraceEvent& e) override { writer_.event(e); }

private:
  events::EventWriter& writer_;
};

int report(const Error& e) {
  std::cerr << "sctrace: error: " << e.message << "\n";
  return exit_code_for(e);
}

} // namespace

int run_trace(const TraceOptions& o) {
  if (o.probes.empty()) {
    std::cerr << "sctrace: error: no probe given; try `sctrace 'sys_openat "
                 "\"%s\", arg2'` or `sctrace demo`\n";
    return kExitUsage;
  }
  if (o.pid > 0 && o.tid > 0) {
    std::cerr << "sctrace: error: -p and -L cannot be combined (as in "
                 "trace.py)\n";
    return kExitUsage;
  }
  auto specs = build_specs(o);
  if (!specs.ok())
    return report(specs.error());

  engine::SessionOptions so;
  so.specs = std::move(*specs);
  so.duration_seconds = o.duration;
  so.max_events = o.max_events;
  so.command = o.command;
  so.comm_substring = o.name;
  so.message_substring = o.msg_filter;
  so.include_self = o.include_self;
  so.string_size = o.string_size;
  so.buffer_pages = o.buffer_pages;
  so.bpftrace = o.bpftrace;
  if (o.pid > 0)
    so.target_pids = {o.pid};

  if (o.dry_run) {
    auto prog = engine::dry_run(so);
    if (!prog.ok())
      return report(prog.error());
    std::cout << prog->text;
    return kExitOk;
  }

  auto format = events::parse_output_format(o.format);
  if (!format.ok())
    return report(format.error());
  std::unique_ptr<OutputFile> file = OutputFile::standard_output();
  if (!o.output.empty()) {
    auto opened = OutputFile::open(o.output);
    if (!opened.ok())
      return report(opened.error());
    file = std::move(*opened);
  }
  std::ostream* out = &file->stream();
  events::TextOptions text;
  text.timestamp = o.timestamp;
  text.unix_timestamp = o.unix_timestamp;
  text.wall_time = o.wall_time;
  text.cpu = o.cpu;
  text.header_dash = false;
  for (const auto& s : so.specs)
    if (!s.format.empty())
      text.header_dash = true;
  auto writer = events::make_writer(*format, *out, text);
  // Output is flushed after each batch read from bpftrace, not per event.
  writer->set_flush_each(false);
  WriterSink sink(*writer);

  so.stop_flag = install_stop_handlers();
  if (o.verbose)
    so.on_program = [](const std::string& p) { std::cerr << p << "\n"; };
  // The header appears once tracing is live: a readiness signal for
  // anyone tailing the output.
  so.on_attached = [&] {
    writer->begin();
    out->flush();
  };
  so.on_batch = [&] { out->flush(); };
  so.output_failed = [&] { return file->error() != 0; };

  engine::SessionResult r =
      engine::run_session(so, sink, diagnostics_from_environment());
  if (!r.summary.stop_reason.empty() || r.summary.total_events > 0 ||
      r.error == std::nullopt)
    writer->finish(r.summary);
  out->flush();
  if (*format == events::OutputFormat::Text ||
      *format == events::OutputFormat::Csv || !o.output.empty())
    std::cerr << events::format_summary_text(r.summary);
  if (r.summary.events_dropped > 0)
    std::cerr << "sctrace: warning: " << r.summary.events_dropped
              << " events were dropped by the kernel because sctrace could "
                 "not keep up; narrow the probes, filter by pid (-p), or "
                 "raise the buffer (-b)\n";
  if (r.summary.helper_errors > 0)
    std::cerr << "sctrace: warning: bpftrace reported "
              << r.summary.helper_errors
              << " helper errors (some values could not be read), last: "
              << (r.helper_errors.empty() ? "?" : r.helper_errors.back())
              << "\n";
  if (o.verbose && !r.bpftrace_stderr.empty())
    std::cerr << r.bpftrace_stderr << "\n";
  if (file->reader_gone()) // `sctrace ... | head`: the reader had enough
    return r.summary.command_exit_code.value_or(kExitOk);
  if (file->error())
    return report(file->write_error());
  if (r.error)
    return report(*r.error);
  if (writer->failed() || out->fail())
    return report(make_error(ErrorKind::Io,
                             "writing the output failed (disk full or closed "
                             "pipe?); events after the failure were lost"));
  if (r.summary.command_exit_code)
    return *r.summary.command_exit_code;
  return kExitOk;
}

} // namespace sctrace::cli
