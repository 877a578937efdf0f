#include "cli/syscalls_command.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>

#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "cli/signals.h"
#include "util/strings.h"

namespace sctrace::cli {

namespace {

int report(const Error& e) {
  std::cerr << "sctrace syscalls: error: " << e.message << "\n";
  return exit_code_for(e);
}

} // namespace

Result<std::uint64_t> parse_duration_ns(std::string_view text) {
  double value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  std::string_view unit(end, text.data() + text.size() - end);
  double scale = 0;
  if (unit.empty() || unit == "us")
    scale = 1e3;
  else if (unit == "ns")
    scale = 1;
  else if (unit == "ms")
    scale = 1e6;
  else if (unit == "s")
    scale = 1e9;
  if (ec != std::errc() || scale == 0 || value < 0 || !std::isfinite(value))
    return make_error(ErrorKind::Invalid,
                      "bad duration '" + std::string(text) +
                          "'; write a number with ns, us, ms or s, like 10ms");
  return static_cast<std::uint64_t>(value * scale);
}

CLI::App* setup_syscalls_command(CLI::App& app, SyscallsCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "syscalls", "trace every syscall of a target as structured events, "
                  "like strace -f (options after the target, command after "
                  "--)");
  auto& o = c.options;
  cmd->add_option("-p,--pid", c.pids,
                  "trace these processes (all threads): PID[,PID...]");
  cmd->add_option("--comm", o.comm,
                  "trace processes with this exact name (15 chars max)");
  cmd->add_option("--container", o.container,
                  "trace a container by ID or name (its cgroup v2 group)");
  cmd->add_option("--cgroup", o.cgroup,
                  "trace a cgroup v2 group (path under the cgroup2 mount)");
  cmd->add_flag("-a,--all", o.all, "trace the whole system");
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
  cmd->add_option("--format", c.format, "text, json, jsonl or csv")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}));
  cmd->add_option("-o,--output", c.output, "write events to FILE");
  cmd->add_option("-s,--string-size", o.string_size,
                  "bytes read of each path (default: the most the "
                  "bpftrace version fits)");
  cmd->add_option("--buffer-pages", o.buffer_pages,
                  "perf buffer pages (default: chosen from free memory)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--bpftrace", o.bpftrace, "bpftrace binary to run");
  cmd->add_flag("--dry-run", c.dry_run,
                "print the bpftrace program and exit (no root needed)");
  cmd->add_flag("-v,--verbose", c.verbose,
                "print the program and bpftrace's messages");
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
  auto& o = c.options;
  o.command = argv;
  if (!c.pids.empty()) {
    for (const std::string& part : util::split(c.pids, ',')) {
      std::int64_t pid = 0;
      auto [p, ec] =
          std::from_chars(part.data(), part.data() + part.size(), pid);
      if (ec != std::errc() || p != part.data() + part.size())
        return report(make_error(ErrorKind::Invalid,
                                 "-p takes process ids separated by commas, "
                                 "not '" +
                                     c.pids + "'"));
      o.pids.push_back(pid);
    }
  }
  if (!c.min_duration.empty()) {
    auto d = parse_duration_ns(c.min_duration);
    if (!d.ok())
      return report(d.error());
    o.min_duration_ns = *d;
  }
  if (c.verbose)
    o.on_program = [](const std::string& p) { std::cerr << p << "\n"; };
  if (c.dry_run) {
    auto text = syscalls::syscalls_dry_run(o);
    if (!text.ok())
      return report(text.error());
    std::cout << *text;
    return kExitOk;
  }
  std::unique_ptr<OutputFile> file;
  std::ostream* out = &std::cout;
  if (!c.output.empty()) {
    auto opened = OutputFile::open(c.output);
    if (!opened.ok())
      return report(opened.error());
    file = std::move(*opened);
    out = &file->stream();
  }
  auto writer = syscalls::make_syscall_writer(c.format, *out, std::cerr);
  if (!writer.ok())
    return report(writer.error());
  o.stop_flag = install_stop_handlers();
  syscalls::SyscallsResult r = syscalls::run_syscalls(o, **writer);
  for (const auto& w : r.warnings)
    std::cerr << "sctrace syscalls: warning: " << w << "\n";
  if (c.verbose && !r.bpftrace_stderr.empty())
    std::cerr << r.bpftrace_stderr << "\n";
  if (r.error)
    return report(*r.error);
  if (r.summary.command_exit_code)
    return *r.summary.command_exit_code;
  return kExitOk;
}

} // namespace sctrace::cli
