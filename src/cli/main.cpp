// sctrace: fast, safe, machine-readable syscall tracing.
//
// `sctrace [options] PROBE... [-- CMD ARGS...]` is BCC trace.py's interface;
// subcommands add modes on top of it.
#include <CLI/CLI.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "cli/compare_command.h"
#include "cli/demo_command.h"
#include "cli/exit_codes.h"
#include "cli/slow_command.h"
#include "cli/stats_command.h"
#include "cli/syscalls_command.h"
#include "cli/trace_command.h"

int main(int argc, char** argv) {
  using namespace sctrace::cli;
  // Everything after the first "--" is the command to trace, passed to
  // execve as is: no shell, no splitting, quotes stay intact.
  std::vector<std::string> command;
  int own_argc = argc;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--") {
      own_argc = i;
      for (int j = i + 1; j < argc; ++j)
        command.emplace_back(argv[j]);
      break;
    }
  }

  CLI::App app{"sctrace: trace syscalls and functions with bpftrace, as "
               "structured events",
               "sctrace"};
  app.footer(
      "Examples:\n"
      "  sctrace 'sys_openat \"%s\", arg2'\n"
      "  sctrace 'r::sys_read (retval > 0) \"%d bytes\", retval' -p 1234\n"
      "  sctrace --format jsonl 't:syscalls:sys_enter_execve \"%s\", "
      "args->filename'\n"
      "  sctrace -M 10 'sys_write (arg1 == 1)' -- ls -la /\n"
      "  sctrace demo\n"
      "  sctrace count -- dd if=/dev/zero of=/dev/null bs=1 count=100\n"
      "  sctrace latency -p 1234 -d 10\n"
      "  sctrace slow -p 1234 --threshold read=10ms,futex=1ms\n"
      "  sctrace compare -- ls -la /etc");
  TraceOptions trace;
  setup_trace_options(app, trace);
  DemoOptions demo;
  CLI::App* demo_cmd = setup_demo_command(app, demo);
  SyscallsCommand syscalls;
  CLI::App* syscalls_cmd = setup_syscalls_command(app, syscalls);
  StatsCommand count;
  CLI::App* count_cmd = setup_count_command(app, count);
  StatsCommand latency;
  latency.options.kind = sctrace::gen::StatsKind::Latency;
  CLI::App* latency_cmd = setup_latency_command(app, latency);
  SlowCommand slow;
  CLI::App* slow_cmd = setup_slow_command(app, slow);
  CompareCommand compare;
  CLI::App* compare_cmd = setup_compare_command(app, compare);

  try {
    app.parse(own_argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) // --help
      return app.exit(e) == 0 ? kExitOk : kExitUsage;
    // Options that do not parse are bad input like any other: say so the
    // same way, and where the options are described.
    std::cerr << "sctrace: error: " << e.what()
              << "\n  see 'sctrace --help' or 'sctrace COMMAND --help' for "
                 "the options\n";
    return kExitUsage;
  }
  if (demo_cmd->parsed())
    return run_demo(demo);
  if (syscalls_cmd->parsed())
    return run_syscalls_command(syscalls, command);
  if (count_cmd->parsed())
    return run_stats_command(count, command);
  if (latency_cmd->parsed())
    return run_stats_command(latency, command);
  if (slow_cmd->parsed())
    return run_slow_command(slow, command);
  if (compare_cmd->parsed())
    return run_compare_command(compare, command);
  trace.command = command;
  return run_trace(trace);
}
