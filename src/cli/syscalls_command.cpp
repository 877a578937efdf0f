#include "cli/syscalls_command.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iostream>

#include "cli/json_input.h"
#include "cli/mode_runner.h"
#include "cli/target_args.h"
#include "modes/syscalls/input_json.h"
#include "util/duration.h"
#include "util/strings.h"

namespace sctrace::cli {

void add_syscalls_run_options(CLI::App* cmd, SyscallsRunArgs& run,
                              syscalls::SyscallsOptions& o,
                              const char* string_size_help) {
  cmd->add_option("--format", run.format,
                  "text, json, jsonl or csv (structured on stdout: -- CMD's "
                  "stdout goes to stderr)")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}));
  cmd->add_option("-o,--output", run.output, "write events to FILE");
  cmd->add_option("-s,--string-size", o.string_size, string_size_help);
  cmd->add_option("--buffer-pages", o.buffer_pages,
                  "perf buffer pages (default: chosen from free memory)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--bpftrace", o.bpftrace, "bpftrace binary to run");
  cmd->add_flag("--dry-run", run.dry_run,
                "print the bpftrace program and exit (no root needed)");
  cmd->add_flag("-v,--verbose", run.verbose,
                "print the program and bpftrace's messages");
}

void add_follow_option(CLI::App* cmd, syscalls::SyscallsOptions& o) {
  cmd->add_flag_callback(
      "--no-follow", [&o] { o.follow_forks = false; },
      "-p: trace the processes only, not the children they fork during "
      "the trace (followed by default, like strace -f -p)");
}

int finish_syscalls_run(ModeRunner& runner, const SyscallsRunArgs& run,
                        syscalls::SyscallsOptions& o,
                        syscalls::SyscallWriter& writer) {
  o.before_start = runner.output_committer();
  o.stop_flag = runner.stop_flag();
  o.diagnostics = runner.diagnostics();
  o.target.command_stdout_to_stderr =
      runner.command_stdout_to_stderr(run.format);
  return runner.finish(outcome(syscalls::run_syscalls(o, writer)), run.verbose);
}

namespace {

// strace's time columns of the text output: -t, -tt, -ttt, -r, -T and
// --no-T.
void add_text_time_options(CLI::App* cmd, SyscallsCommand& c) {
  cmd->add_flag("-t", c.absolute_time,
                "text: the entry time before each call: -t HH:MM:SS, -tt "
                "with microseconds, -ttt seconds since the epoch");
  cmd->add_flag("-r", c.relative_time,
                "text: the time since the previous line's call began, "
                "before each call, as strace -r");
  cmd->add_flag("-T", c.durations_flag,
                "text: each call's duration <0.000123> after it (the "
                "default; --no-T turns it off)");
  cmd->add_flag("--no-T", c.no_durations, "text: no duration after each call");
}

// The text output's options from the command line.
Result<syscalls::TextOptions> text_options(const SyscallsCommand& c) {
  if (c.durations_flag && c.no_durations)
    return make_error(ErrorKind::Invalid,
                      "-T and --no-T both given: -T (durations, the "
                      "default) or --no-T (none); use one");
  syscalls::TextOptions t;
  t.absolute_time = std::min(c.absolute_time, 3);
  t.relative_time = c.relative_time;
  t.durations = !c.no_durations;
  return t;
}

// Records the options --input replaces, with their JSON keys.
void add_input_option(CLI::App* cmd, SyscallsCommand& c) {
  cmd->add_option("--input", c.input,
                  "read what to trace from a trace_syscalls JSON document "
                  "(specs/trace_syscalls.input.schema.json) in FILE, or "
                  "stdin for -, instead of the target, -e, -z, -Z, "
                  "--min-duration, -d, --format and -s options")
      ->type_name("FILE|-");
  const std::pair<const char*, const char*> covered[] = {
      {"-p", "target.pid"},
      {"--comm", "target.comm"},
      {"--container", "target.container"},
      {"--cgroup", "target.cgroup"},
      {"-a", "target.all"},
      {"--target", "target"},
      {"-e", "syscalls"},
      {"--syscalls", "syscalls"},
      {"-z", "only_success"},
      {"-Z", "only_failed"},
      {"--min-duration", "min_duration_us"},
      {"-d", "duration"},
      {"--format", "format"},
      {"-s", "string_size"}};
  for (const auto& [name, key] : covered)
    c.covered.push_back({cmd->get_option(name), name, key});
}

// Refuses the options and the command that --input replaces.
Result<void> check_input_alone(const SyscallsCommand& c,
                               const std::vector<std::string>& argv) {
  for (const InputCovered& k : c.covered)
    if (k.option && k.option->count() > 0)
      return make_error(ErrorKind::Invalid,
                        std::string("--input and ") + k.name +
                            " both given: the JSON input replaces " + k.name +
                            "; set '" + k.json_key +
                            "' in the JSON, or drop --input");
  if (!argv.empty())
    return make_error(ErrorKind::Invalid,
                      "--input and a command after -- both given: the JSON "
                      "input says what to trace; set 'target.command' in "
                      "the JSON, or drop --input");
  return Ok{};
}

// Reads --input into c's options and format, as the options would set
// them; the other options (-o, -v, --dry-run, ...) stay.
Result<void> apply_input(SyscallsCommand& c,
                         const std::vector<std::string>& argv) {
  SCTRACE_TRY(check_input_alone(c, argv));
  SCTRACE_TRY_ASSIGN(
      json, read_json_input(c.input, "--input", syscalls::kMaxInputBytes));
  SCTRACE_TRY_ASSIGN(in, syscalls::syscalls_input_from_json(json));
  auto& o = c.options;
  o.target = in.options.target;
  o.selection = in.options.selection;
  o.only_success = in.options.only_success;
  o.only_failed = in.options.only_failed;
  o.min_duration_ns = in.options.min_duration_ns;
  o.duration_seconds = in.options.duration_seconds;
  o.string_size = in.options.string_size;
  c.run.format = in.format;
  return Ok{};
}

// Sets c's target, selection (-e or --syscalls) and --min-duration from
// the command line.
Result<void> apply_options(SyscallsCommand& c,
                           const std::vector<std::string>& argv) {
  SCTRACE_TRY_ASSIGN(target, finish_target(c.target, argv));
  c.options.target = target;
  if (!c.syscalls.empty()) {
    if (!c.options.selection.empty())
      return make_error(ErrorKind::Invalid,
                        "-e and --syscalls both given: --syscalls LIST is "
                        "-e trace=LIST; use one");
    c.options.selection = c.syscalls;
  }
  if (!c.min_duration.empty()) {
    SCTRACE_TRY_ASSIGN(d, util::parse_duration_ns(c.min_duration));
    c.options.min_duration_ns = d;
  }
  return Ok{};
}

// Whether signals and exits are reported: --process-events or
// --no-process-events, else in text only (strace's lines; machine formats
// keep to syscall events unless asked, for consumers written before).
Result<Ok> process_events(SyscallsCommand& c) {
  if (c.process_events && c.no_process_events)
    return make_error(ErrorKind::Invalid,
                      "--process-events and --no-process-events both given; "
                      "use one");
  c.options.process_events =
      c.process_events || (!c.no_process_events && c.run.format == "text");
  return Ok{};
}

} // namespace

CLI::App* setup_syscalls_command(CLI::App& app, SyscallsCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "syscalls", "trace every syscall of a target as structured events, "
                  "like strace -f (options after the target, command after "
                  "--)");
  auto& o = c.options;
  add_target_options(cmd, c.target);
  add_follow_option(cmd, o);
  cmd->add_option("-e", o.selection,
                  "trace=SET: names, globs (open*), classes (%file, "
                  "%network, ...), !negation");
  cmd->add_option("--syscalls", c.syscalls,
                  "the same as -e trace=LIST (seed 000's --syscalls)")
      ->type_name("LIST");
  cmd->add_flag("--process-events", c.process_events,
                "report signals (--- SIGCHLD {...} ---) and process exits "
                "(+++ exited with 0 +++) as strace does; the default in "
                "text; JSON: events with \"type\" signal or exit, CSV: a "
                "type column");
  cmd->add_flag("--no-process-events", c.no_process_events,
                "leave signals and exits out of text output");
  cmd->add_flag("-z", o.only_success, "only successful calls");
  cmd->add_flag("-Z", o.only_failed, "only failed calls");
  cmd->add_option("--min-duration", c.min_duration,
                  "only calls at least this long (10ms, 250us)");
  cmd->add_option("-d,--duration", o.duration_seconds,
                  "stop after SECONDS (default: when the command ends, or "
                  "Ctrl-C)")
      ->check(CLI::NonNegativeNumber);
  add_syscalls_run_options(cmd, c.run, o,
                           "bytes read of each path (default: the most the "
                           "bpftrace version fits)");
  add_text_time_options(cmd, c);
  cmd->add_flag("-y", o.decode_fds,
                "name fds as strace -y: read(3</etc/hostname>, ...), "
                "= 3</etc/hostname>; -yy also sockets' protocol and "
                "addresses (TCP:[127.0.0.1:40000->127.0.0.1:80]); JSON "
                "gets fd_path (docs/syscalls.md)");
  add_input_option(cmd, c);
  cmd->footer("Examples:\n"
              "  sctrace syscalls -- ls -la /tmp\n"
              "  sctrace syscalls -p 1234 -e trace=%file -Z\n"
              "  sctrace syscalls -yy -e trace=%network -- curl -s URL\n"
              "  sctrace syscalls --target=nginx --syscalls=openat -d 60\n"
              "  sctrace syscalls --container web-1 --format jsonl -d 30\n"
              "  sctrace syscalls -a -e 'trace=connect,accept*' "
              "--min-duration 10ms\n"
              "  echo '{\"target\": {\"comm\": \"nginx\"}, "
              "\"syscalls\": [\"%network\"]}' | sctrace syscalls --input -");
  return cmd;
}

int run_syscalls_command(SyscallsCommand& c,
                         const std::vector<std::string>& argv) {
  ModeRunner runner("sctrace syscalls");
  auto& o = c.options;
  auto applied =
      c.input.empty() ? apply_options(c, argv) : apply_input(c, argv);
  if (!applied.ok())
    return runner.fail(applied.error());
  auto text = text_options(c);
  if (!text.ok())
    return runner.fail(text.error());
  auto events = process_events(c);
  if (!events.ok())
    return runner.fail(events.error());
  if (c.run.verbose)
    o.on_program = [](const std::string& p) { std::cerr << p << "\n"; };
  if (c.run.dry_run)
    return runner.print_program(syscalls::syscalls_dry_run(o));
  // As strace's "Process N attached": scripts (and compare) wait for it.
  if (o.target.command.empty())
    o.on_attached = [] {
      std::cerr << "sctrace syscalls: attached, tracing (Ctrl-C to stop)"
                << std::endl;
    };
  auto out = runner.open_output(c.run.output);
  if (!out.ok())
    return runner.fail(out.error());
  auto writer = syscalls::make_syscall_writer(c.run.format, **out, std::cerr,
                                              *text, o.process_events);
  if (!writer.ok())
    return runner.fail(writer.error());
  return finish_syscalls_run(runner, c.run, o, **writer);
}

} // namespace sctrace::cli
