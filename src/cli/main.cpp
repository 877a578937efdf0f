// sctrace: fast, safe, machine-readable syscall tracing.
//
// `sctrace [options] PROBE... [-- CMD ARGS...]` is BCC trace.py's interface;
// subcommands add modes on top of it.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/compare_command.h"
#include "cli/demo_command.h"
#include "cli/exit_codes.h"
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
      "  sctrace compare -- ls -la /etc");
  TraceOptions trace;
  setup_trace_options(app, trace);
  DemoOptions demo;
  CLI::App* demo_cmd = setup_demo_command(app, demo);
  SyscallsCommand syscalls;
  CLI::App* syscalls_cmd = setup_syscalls_command(app, syscalls);
  CompareCommand compare;
  CLI::App* compare_cmd = setup_compare_command(app, compare);

  try {
    app.parse(own_argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (demo_cmd->parsed())
    return run_demo(demo);
  if (syscalls_cmd->parsed())
    return run_syscalls_command(syscalls, command);
  if (compare_cmd->parsed())
    return run_compare_command(compare, command);
  trace.command = command;
  return run_trace(trace);
}
