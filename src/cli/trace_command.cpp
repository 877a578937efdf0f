#include "cli/trace_command.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/mode_runner.h"
#include "engine/session.h"
#include "events/writer.h"
#include "modes/trace/run.h"
#include "spec/parser.h"
#include "spec/session_options.h"

namespace sctrace::cli {

void setup_trace_options(CLI::App& app, TraceOptions& o) {
  app.add_option("probe", o.probes,
                 "probe spec, one quoted argument each: "
                 "[p|r|t|u]:[library]:function [(filter)] "
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

// When TEXT is a filter or format that the shell split off the probe
// before it (sctrace 'bash:readline' '"%s", arg1'), the two joined, as
// the one argument they were meant to be; else empty.
std::string joined_spec(const std::vector<std::string>& probes, std::size_t i) {
  std::string_view text = probes[i];
  text.remove_prefix(std::min(text.find_first_not_of(" \t"), text.size()));
  if (i == 0 || text.empty() || (text[0] != '"' && text[0] != '('))
    return {};
  std::string joined = probes[i - 1] + " " + std::string(text);
  if (joined.find('\'') != std::string::npos)
    return {};
  return joined;
}

// Builds TraceSpecs from the probe strings.
Result<std::vector<spec::TraceSpec>> build_specs(const TraceOptions& o) {
  std::vector<spec::TraceSpec> specs;
  for (std::size_t i = 0; i < o.probes.size(); ++i) {
    const std::string& text = o.probes[i];
    auto parsed = spec::parse_probe(text, "spec");
    if (!parsed.ok()) {
      Error e = parsed.error();
      e.message = spec::render_diagnostic(e, text, "spec");
      e.pos.reset(); // already rendered
      if (std::string joined = joined_spec(o.probes, i); !joined.empty())
        e.message += "\n  did you mean: sctrace '" + joined + "'";
      return e;
    }
    specs.push_back(std::move(*parsed));
  }
  return specs;
}

// The session options of trace.py's command line.
engine::SessionOptions session_options(const TraceOptions& o,
                                       std::vector<spec::TraceSpec> specs) {
  engine::SessionOptions so;
  so.specs = std::move(specs);
  so.duration_seconds = o.duration;
  so.max_events = o.max_events;
  if (o.pid > 0)
    so.pid = o.pid;
  if (o.tid > 0)
    so.tid = o.tid;
  if (o.uid >= 0)
    so.uid = o.uid;
  so.process_name = o.comm;
  so.cgroup = o.cgroup;
  so.kernel_stack = o.kernel_stack;
  so.user_stack = o.user_stack;
  so.command = o.command;
  so.comm_substring = o.name;
  so.message_substring = o.msg_filter;
  so.include_self = o.include_self;
  so.string_size = o.string_size;
  so.buffer_pages = o.buffer_pages;
  so.bpftrace = o.bpftrace;
  if (o.pid > 0)
    so.target_pids = {o.pid};
  if (o.verbose)
    so.on_program = [](const std::string& p) { std::cerr << p << "\n"; };
  return so;
}

Result<void> check_options(const TraceOptions& o) {
  if (o.probes.empty())
    return make_error(ErrorKind::Invalid,
                      "no probe given; try `sctrace 'sys_openat \"%s\", "
                      "arg2'` or `sctrace demo`");
  if (o.pid > 0 && o.tid > 0)
    return make_error(ErrorKind::Invalid,
                      "-p and -L cannot be combined (as in trace.py)");
  return Ok{};
}

events::TextOptions text_options(const TraceOptions& o,
                                 const engine::SessionOptions& so) {
  events::TextOptions text;
  text.timestamp = o.timestamp;
  text.unix_timestamp = o.unix_timestamp;
  text.wall_time = o.wall_time;
  text.cpu = o.cpu;
  text.header_dash = false;
  for (const auto& s : so.specs)
    if (!s.format.empty())
      text.header_dash = true;
  return text;
}

} // namespace

int run_trace(const TraceOptions& o) {
  ModeRunner runner("sctrace");
  if (auto ok = check_options(o); !ok.ok())
    return runner.fail(ok.error());
  auto specs = build_specs(o);
  if (!specs.ok())
    return runner.fail(specs.error());
  engine::SessionOptions so = session_options(o, std::move(*specs));
  if (auto valid = spec::validate(spec::SessionOptions(so)); !valid.ok())
    return runner.fail(valid.error());
  if (o.dry_run) {
    auto prog = engine::dry_run(so);
    return runner.print_program(prog.ok() ? Result<std::string>(prog->text)
                                          : Result<std::string>(prog.error()));
  }
  auto format = events::parse_output_format(o.format);
  if (!format.ok())
    return runner.fail(format.error());
  auto out = runner.open_output(o.output);
  if (!out.ok())
    return runner.fail(out.error());
  auto writer = events::make_writer(*format, **out, text_options(o, so));
  so.before_start = runner.output_committer();
  so.stop_flag = runner.stop_flag();
  so.output_failed = [&runner] { return runner.output().error() != 0; };
  trace::TraceResult r =
      trace::run_trace(std::move(so), *writer, **out, runner.diagnostics());
  if (*format == events::OutputFormat::Text ||
      *format == events::OutputFormat::Csv || !o.output.empty())
    std::cerr << events::format_summary_text(r.summary);
  return runner.finish(outcome(r), o.verbose);
}

} // namespace sctrace::cli
