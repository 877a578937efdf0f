#include "cli/trace_command.h"

#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
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

namespace {

// What a trace covers: -p, -L, --uid, -n, --comm, -f, -M.
void add_scope_options(CLI::App& app, TraceOptions& o) {
  app.add_option("-p,--pid", o.pid,
                 "trace this process only (in kernel); stop when it exits");
  app.add_option("-L,--tid", o.tid,
                 "trace this thread only (in kernel); stop when it exits");
  app.add_option("--uid", o.uid, "trace this user id only (in kernel)");
  app.add_option("-n,--name", o.name,
                 "only events whose process name contains NAME");
  app.add_option("--comm", o.comm,
                 "only processes named exactly COMM (filtered in kernel)");
  app.add_option("-f,--msg-filter", o.msg_filter,
                 "only events whose message contains MSG");
  app.add_option("-M,--max-events", o.max_events,
                 "stop after this many events");
}

} // namespace

void setup_trace_options(CLI::App& app, TraceOptions& o) {
  app.add_option("probe", o.probes,
                 "probe spec, one quoted argument each: "
                 "[p|r|t|u]:[library]:function [(filter)] "
                 "[\"format\"[, arg...]]");
  add_scope_options(app, o);
  app.add_flag("-t,--timestamp", o.timestamp, "print time since start");
  app.add_flag("-u,--unix-timestamp", o.unix_timestamp,
               "with -t: print UNIX epoch timestamps");
  app.add_flag("-T,--time", o.wall_time, "print wall-clock time (HH:MM:SS)");
  app.add_flag("-C,--print_cpu", o.cpu, "print the CPU");
  app.add_flag("-K,--kernel-stack", o.kernel_stack, "print kernel stacks");
  app.add_flag("-U,--user-stack", o.user_stack, "print user stacks");
  app.add_flag("-a,--address", o.stack_addresses,
               "print each stack frame's address");
  app.add_flag("-A,--aggregate", o.aggregate,
               "count identical events and print each once with its count "
               "at the end (needs -M)");
  app.add_flag("-B,--bin_cmp", o.binary_strcmp,
               "STRCMP literals are byte lists: STRCMP(\"{0x6C,0x00}\", arg1)");
  app.add_option("-I,--include", o.includes,
                 "not supported: sctrace writes bpftrace, not C")
      ->expected(1)
      ->allow_extra_args(false);
  app.add_option("-s,--sym_file_list", o.sym_files,
                 "not supported: bpftrace finds the symbols itself");
  app.add_option("-Z,--string-size", o.string_size,
                 "characters each %s argument shows (default: as many as "
                 "fit)")
      ->check(CLI::PositiveNumber);
  app.add_option("-b,--buffer-pages", o.buffer_pages,
                 "bpftrace output buffer pages, a power of two (default: "
                 "sized for high rates)")
      ->check(CLI::PositiveNumber);
  app.add_flag("-v,--verbose", o.verbose, "print the bpftrace program");
  app.add_flag("-S,--include-self", o.include_self,
               "do not filter out sctrace and its bpftrace");
  app.add_option("-c,--cgroup-path", o.cgroup,
                 "trace only this cgroup v2 directory (e.g. "
                 "/sys/fs/cgroup/unified/x), checked before the trace starts");
  app.add_option("--duration", o.duration, "stop after SECONDS")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--format", o.format,
                 "text, json, jsonl or csv (structured on stdout: -- CMD's "
                 "stdout goes to stderr)")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}));
  app.add_option("-o,--output", o.output, "write events to FILE");
  app.add_flag("--dry-run", o.dry_run,
               "print the bpftrace program and exit (no root needed)");
  app.add_option("--bpftrace", o.bpftrace, "bpftrace binary to run");
}

namespace {

// An error whose position points into one of PROBES (the generator's,
// with "probe N: " before it when there are several) rendered as a
// spec error: the spec, and a caret under the spot.
Error locate(Error e, const std::vector<std::string>& probes) {
  if (!e.pos || probes.empty())
    return e;
  std::size_t index = 0;
  std::string prefix;
  if (probes.size() > 1) {
    unsigned n = 0;
    int used = 0;
    if (std::sscanf(e.message.c_str(), "probe %u: %n", &n, &used) != 1 ||
        used == 0 || n < 1 || n > probes.size())
      return e;
    index = n - 1;
    prefix = e.message.substr(0, static_cast<std::size_t>(used));
    e.message.erase(0, static_cast<std::size_t>(used));
  }
  e.message = prefix + spec::render_diagnostic(e, probes[index], "spec");
  e.pos.reset();
  return e;
}

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
  so.binary_strcmp = o.binary_strcmp;
  so.stack_addresses = o.stack_addresses;
  so.buffer_pages = o.buffer_pages;
  so.bpftrace = o.bpftrace;
  if (o.pid > 0)
    so.target_pids = {o.pid};
  if (o.tid > 0)
    so.target_tids = {o.tid};
  if (o.verbose)
    so.on_program = [](const std::string& p) { std::cerr << p << "\n"; };
  return so;
}

// trace.py's -I and -s have no bpftrace counterpart.
Result<void> check_unsupported(const TraceOptions& o) {
  if (!o.includes.empty())
    return make_error(
        ErrorKind::Invalid,
        "-I/--include is not supported: trace.py compiles C and its "
        "headers declare the structs an expression dereferences "
        "($task->fs, ts->tv_nsec); sctrace generates bpftrace, whose "
        "expressions here read arguments, tracepoint fields and builtins "
        "only, so a header has nothing to declare. Use a tracepoint's "
        "fields instead (t:CATEGORY:EVENT with args->FIELD; list them with "
        "`bpftrace -lv 'tracepoint:CATEGORY:EVENT'`)");
  if (!o.sym_files.empty())
    return make_error(
        ErrorKind::Invalid,
        "-s/--sym_file_list is not supported: sctrace symbolises user "
        "stacks and %U from the files each process maps (and kernel stacks "
        "from the kernel's symbols) and takes no extra symbol files; "
        "install the debug "
        "symbols (or unstripped binaries) where the process loads them "
        "from instead");
  return Ok{};
}

// -c: a directory on a cgroup v2 file system, checked before bpftrace
// starts (bpftrace's cgroupid() fails on anything else, after the
// command was started).
Result<void> check_cgroup(const std::string& path) {
  struct statfs fs {};
  if (::statfs(path.c_str(), &fs) != 0)
    return make_error(ErrorKind::NotFound,
                      "cgroup path (-c) " + path + ": " + std::strerror(errno) +
                          "; give a cgroup v2 directory such as "
                          "/sys/fs/cgroup/system.slice");
  if (fs.f_type != CGROUP2_SUPER_MAGIC)
    return make_error(ErrorKind::Invalid,
                      "cgroup path (-c) " + path +
                          " is not on a cgroup v2 file system; -c takes a "
                          "cgroup v2 directory (see `findmnt -t cgroup2`)");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return make_error(ErrorKind::Invalid,
                      "cgroup path (-c) " + path +
                          " is not a directory; give the cgroup's directory");
  return Ok{};
}

Result<void> check_options(const TraceOptions& o) {
  SCTRACE_TRY(check_unsupported(o));
  if (o.probes.empty())
    return make_error(ErrorKind::Invalid,
                      "no probe given; try `sctrace 'sys_openat \"%s\", "
                      "arg2'` or `sctrace demo`");
  if (o.pid > 0 && o.tid > 0)
    return make_error(ErrorKind::Invalid,
                      "-p and -L cannot be combined (as in trace.py)");
  if (o.aggregate && o.max_events == 0)
    return make_error(ErrorKind::Invalid,
                      "-A needs -M: the counts are printed once -M events "
                      "were seen (as in trace.py), e.g. -A -M 1000");
  if (o.aggregate && o.format != "text")
    return make_error(ErrorKind::Invalid,
                      "-A counts identical text lines; it works with "
                      "--format text only");
  if (!o.cgroup.empty() && !o.dry_run)
    SCTRACE_TRY(check_cgroup(o.cgroup));
  return Ok{};
}

events::TextOptions text_options(const TraceOptions& o,
                                 const engine::SessionOptions& so) {
  events::TextOptions text;
  text.timestamp = o.timestamp;
  text.unix_timestamp = o.unix_timestamp;
  text.wall_time = o.wall_time;
  text.cpu = o.cpu;
  text.stacks = o.kernel_stack || o.user_stack;
  text.header_msg = false;
  text.aggregate = o.aggregate;
  for (const auto& s : so.specs)
    if (!s.format.empty())
      text.header_msg = true;
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
    if (!prog.ok())
      return runner.fail(locate(prog.error(), o.probes));
    return runner.print_program(prog->text);
  }
  auto format = events::parse_output_format(o.format);
  if (!format.ok())
    return runner.fail(format.error());
  auto out = runner.open_output(o.output);
  if (!out.ok())
    return runner.fail(out.error());
  auto writer = events::make_writer(*format, **out, text_options(o, so));
  so.before_start = runner.output_committer();
  so.command_stdout_to_stderr = runner.command_stdout_to_stderr(o.format);
  so.stop_flag = runner.stop_flag();
  so.output_failed = [&runner] { return runner.output().error() != 0; };
  trace::TraceResult r =
      trace::run_trace(std::move(so), *writer, **out, runner.diagnostics());
  // Refused input (a bad spec, a missing -p process) has no summary.
  if (r.ran && (*format == events::OutputFormat::Text ||
                *format == events::OutputFormat::Csv || !o.output.empty()))
    std::cerr << events::format_summary_text(r.summary);
  if (r.error)
    r.error = locate(*r.error, o.probes);
  return runner.finish(outcome(r), o.verbose);
}

} // namespace sctrace::cli
