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
#include "cli/exporter_command.h"
#include "cli/mcp_command.h"
#include "cli/request_command.h"
#include "cli/serve_command.h"
#include "cli/slow_command.h"
#include "cli/stats_command.h"
#include "cli/syscalls_command.h"
#include "cli/top_command.h"
#include "cli/trace_command.h"

namespace {

using namespace sctrace::cli;

// Everything after the first "--" is the command to trace, passed to
// execve as is: no shell, no splitting, quotes stay intact. Returns the
// number of arguments before it.
int split_command(int argc, char** argv, std::vector<std::string>& command) {
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--") {
      command.assign(argv + i + 1, argv + argc);
      return i;
    }
  return argc;
}

const char* const kExamples =
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
    "  sctrace compare -- ls -la /etc\n"
    "  sctrace serve --listen 127.0.0.1:8642 --token-file /root/sctrace.token\n"
    "  sctrace exporter --listen 127.0.0.1:9464\n"
    "  sctrace request request.json\n"
    "  sctrace mcp --max-duration 60";

// Every subcommand's options, and which one was given.
struct Commands {
  TraceOptions trace;
  DemoOptions demo;
  SyscallsCommand syscalls;
  StatsCommand count, latency;
  SlowCommand slow;
  CompareCommand compare;
  RequestCommand request;
  ServeCommand serve;
  McpCommand mcp;
  TopCommand top;
  CLI::App* top_cmd = nullptr;
  ExporterCommand exporter;
  CLI::App *demo_cmd = nullptr, *syscalls_cmd = nullptr, *count_cmd = nullptr,
           *latency_cmd = nullptr, *slow_cmd = nullptr, *compare_cmd = nullptr,
           *request_cmd = nullptr, *serve_cmd = nullptr, *mcp_cmd = nullptr,
           *exporter_cmd = nullptr;

  void setup(CLI::App& app) {
    setup_trace_options(app, trace);
    demo_cmd = setup_demo_command(app, demo);
    syscalls_cmd = setup_syscalls_command(app, syscalls);
    count_cmd = setup_count_command(app, count);
    latency.options.kind = sctrace::gen::StatsKind::Latency;
    latency_cmd = setup_latency_command(app, latency);
    slow_cmd = setup_slow_command(app, slow);
    compare_cmd = setup_compare_command(app, compare);
    request_cmd = setup_request_command(app, request);
    serve_cmd = setup_serve_command(app, serve);
    mcp_cmd = setup_mcp_command(app, mcp);
    top_cmd = setup_top_command(app, top);
    exporter_cmd = setup_exporter_command(app, exporter);
  }

  int run(std::vector<std::string> command) {
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
    if (top_cmd->parsed())
      return run_top_command(top, command);
    if (exporter_cmd->parsed())
      return run_exporter_command(exporter, command);
    if ((request_cmd->parsed() || serve_cmd->parsed() || mcp_cmd->parsed()) &&
        !command.empty()) {
      std::cerr << "sctrace: error: request, serve and mcp run no command; "
                   "drop the `-- CMD` part\n";
      return kExitUsage;
    }
    if (request_cmd->parsed())
      return run_request_command(request);
    if (serve_cmd->parsed())
      return run_serve_command(serve);
    if (mcp_cmd->parsed())
      return run_mcp_command(mcp);
    trace.command = std::move(command);
    return run_trace(trace);
  }
};

} // namespace

int main(int argc, char** argv) {
  std::vector<std::string> command;
  int own_argc = split_command(argc, argv, command);
  CLI::App app{"sctrace: trace syscalls and functions with bpftrace, as "
               "structured events",
               "sctrace"};
  app.footer(kExamples);
  Commands commands;
  commands.setup(app);
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
  return commands.run(std::move(command));
}
