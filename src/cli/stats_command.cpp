#include "cli/stats_command.h"

#include <iostream>

#include "cli/mode_runner.h"
#include "gen/syscall_table.h"

namespace sctrace::cli {

namespace {

const char* tool_name(const StatsCommand& c) {
  return c.options.kind == gen::StatsKind::Latency ? "latency" : "count";
}

void add_common(CLI::App* cmd, StatsCommand& c) {
  auto& o = c.options;
  add_target_options(cmd, c.target);
  cmd->add_option("--syscalls", o.selection,
                  "only these syscalls: names, globs (open*), classes "
                  "(%file, %network, ...), !negation");
  cmd->add_option("-i,--interval", o.interval_seconds,
                  "print the numbers of each interval of SECONDS")
      ->check(CLI::PositiveNumber);
  cmd->add_option("-d,--duration", o.duration_seconds,
                  "stop after SECONDS (default: when the command ends, or "
                  "Ctrl-C)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("-T,--top", c.top, "show only the first N rows");
  cmd->add_option("--format", c.format,
                  "text, json, jsonl or csv (structured on stdout: -- CMD's "
                  "stdout goes to stderr)")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}));
  cmd->add_option("-o,--output", c.output, "write the output to FILE");
  cmd->add_option("--bpftrace", o.bpftrace, "bpftrace binary to run");
  cmd->add_flag("--dry-run", c.dry_run,
                "print the bpftrace program and exit (no root needed)");
  cmd->add_flag("-v,--verbose", c.verbose,
                "print the program and bpftrace's messages");
}

} // namespace

CLI::App* setup_count_command(CLI::App& app, StatsCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "count", "count syscalls per syscall (or per process) in the kernel, "
               "like strace -c and syscount");
  add_common(cmd, c);
  auto& o = c.options;
  cmd->add_flag("-P,--per-process", o.per_process,
                "count per process, with each process's top syscalls");
  cmd->add_flag("-x,--failures", o.only_failed, "count only failed calls");
  cmd->add_option("-e,--errno", o.errno_text,
                  "count only calls failing with ERRNO (ENOENT or 2)");
  cmd->add_option("--sort", c.sort, "count, rate, errors or name");
  cmd->footer("Examples:\n"
              "  sctrace count -- dd if=/dev/zero of=/dev/null bs=1 "
              "count=1000\n"
              "  sctrace count -p 1234 -i 1\n"
              "  sctrace count -a -P -T 10 -d 5\n"
              "  sctrace count -a -e ENOENT --format json -d 10");
  return cmd;
}

CLI::App* setup_latency_command(CLI::App& app, StatsCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "latency", "time every syscall in the kernel: count, total, average, "
                 "min, max, percentiles and log2 histograms");
  add_common(cmd, c);
  cmd->add_option("--sort", c.sort,
                  "total (default), count, avg, max, p99, errors or name");
  cmd->add_option("--syscall", c.syscall,
                  "time only this syscall and show its histogram");
  cmd->add_option("--histograms", c.histograms,
                  "text: histograms of the first N rows (default 3)");
  cmd->footer("Examples:\n"
              "  sctrace latency -- tar czf /tmp/x.tgz /etc\n"
              "  sctrace latency -p 1234 -d 10 --syscall read\n"
              "  sctrace latency --container web-1 -i 5 --format jsonl");
  return cmd;
}

int run_stats_command(StatsCommand& c, const std::vector<std::string>& argv) {
  ModeRunner runner(std::string("sctrace ") + tool_name(c));
  auto& o = c.options;
  const bool latency = o.kind == gen::StatsKind::Latency;
  auto target = finish_target(c.target, argv);
  if (!target.ok())
    return runner.fail(target.error());
  o.target = *target;
  auto sort = stats::parse_sort_key(
      c.sort.empty() ? (latency ? "total" : "count") : c.sort, latency);
  if (!sort.ok())
    return runner.fail(sort.error());
  o.report.sort = *sort;
  o.report.top = c.top;
  if (!c.syscall.empty()) {
    if (!o.selection.empty())
      return runner.fail(make_error(ErrorKind::Invalid,
                                    "--syscall and --syscalls overlap; use "
                                    "one of them"));
    if (!gen::syscall_number(c.syscall))
      return runner.fail(
          make_error(ErrorKind::Invalid, "unknown syscall '" + c.syscall +
                                             "'; give a name like read or "
                                             "openat"));
    o.selection = c.syscall;
  }
  if (c.verbose)
    o.on_program = [](const std::string& p) { std::cerr << p << "\n"; };
  if (c.dry_run)
    return runner.print_program(stats::stats_dry_run(o));
  auto out = runner.open_output(c.output);
  if (!out.ok())
    return runner.fail(out.error());
  stats::StatsTextOptions text;
  text.histograms = c.syscall.empty() ? c.histograms : 1;
  text.per_process = o.per_process;
  auto writer = stats::make_stats_writer(c.format, o.kind, text, **out);
  if (!writer.ok())
    return runner.fail(writer.error());
  o.before_start = runner.output_committer();
  o.stop_flag = runner.stop_flag();
  o.diagnostics = runner.diagnostics();
  o.target.command_stdout_to_stderr = runner.command_stdout_to_stderr(c.format);
  return runner.finish(outcome(stats::run_stats(o, **writer)), c.verbose);
}

} // namespace sctrace::cli
