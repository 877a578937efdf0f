#include "cli/syscalls_command.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>

#include "cli/mode_runner.h"
#include "cli/target_args.h"
#include "util/duration.h"
#include "util/strings.h"

namespace sctrace::cli {

void add_syscalls_run_options(CLI::App* cmd, SyscallsRunArgs& run,
                              syscalls::SyscallsOptions& o,
                              const char* string_size_help) {
  cmd->add_option("--format", run.format, "text, json, jsonl or csv")
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

int finish_syscalls_run(ModeRunner& runner, const SyscallsRunArgs& run,
                        syscalls::SyscallsOptions& o,
                        syscalls::SyscallWriter& writer) {
  o.before_start = runner.output_committer();
  o.stop_flag = runner.stop_flag();
  o.diagnostics = runner.diagnostics();
  return runner.finish(outcome(syscalls::run_syscalls(o, writer)), run.verbose);
}

CLI::App* setup_syscalls_command(CLI::App& app, SyscallsCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "syscalls", "trace every syscall of a target as structured events, "
                  "like strace -f (options after the target, command after "
                  "--)");
  auto& o = c.options;
  add_target_options(cmd, c.target);
  cmd->add_option("-e", o.selection,
                  "trace=SET: names, globs (open*), classes (%file, "
                  "%network, ...), !negation");
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
  cmd->footer("Examples:\n"
              "  sctrace syscalls -- ls -la /tmp\n"
              "  sctrace syscalls -p 1234 -e trace=%file -Z\n"
              "  sctrace syscalls --container web-1 --format jsonl -d 30\n"
              "  sctrace syscalls -a -e 'trace=connect,accept*' "
              "--min-duration 10ms");
  return cmd;
}

int run_syscalls_command(SyscallsCommand& c,
                         const std::vector<std::string>& argv) {
  ModeRunner runner("sctrace syscalls");
  auto& o = c.options;
  auto target = finish_target(c.target, argv);
  if (!target.ok())
    return runner.fail(target.error());
  o.target = *target;
  if (!c.min_duration.empty()) {
    auto d = util::parse_duration_ns(c.min_duration);
    if (!d.ok())
      return runner.fail(d.error());
    o.min_duration_ns = *d;
  }
  if (c.run.verbose)
    o.on_program = [](const std::string& p) { std::cerr << p << "\n"; };
  if (c.run.dry_run)
    return runner.print_program(syscalls::syscalls_dry_run(o));
  auto out = runner.open_output(c.run.output);
  if (!out.ok())
    return runner.fail(out.error());
  auto writer = syscalls::make_syscall_writer(c.run.format, **out, std::cerr);
  if (!writer.ok())
    return runner.fail(writer.error());
  return finish_syscalls_run(runner, c.run, o, **writer);
}

} // namespace sctrace::cli
