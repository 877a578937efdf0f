#include "cli/compare_command.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "cli/target_args.h"
#include "modes/compare/report.h"

namespace sctrace::cli {

namespace {

int report(const Error& e) {
  std::cerr << "sctrace compare: error: " << e.message << "\n";
  return exit_code_for(e);
}

} // namespace

CLI::App* setup_compare_command(CLI::App& app, CompareCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "compare", "run a command untraced, under strace -f and under sctrace "
                 "syscalls, and compare the traces (command after --); or "
                 "attach both to running processes for --duration seconds");
  auto& o = c.options;
  cmd->add_option("-p,--pid", c.pids,
                  "compare on these running processes: PID[,PID...] "
                  "(with --duration)");
  cmd->add_option("--comm", o.target.comm,
                  "compare on the running processes with this name, or glob "
                  "(with --duration)");
  cmd->add_option("--container", o.target.container,
                  "compare on a container's processes, by ID or name (with "
                  "--duration)");
  cmd->add_option("--duration", o.duration_seconds,
                  "seconds both tracers stay attached to running processes")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--syscalls", o.syscalls,
                  "trace only these, in -e trace= syntax: names, globs, "
                  "classes (%file), !negation");
  cmd->add_option("--format", c.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("-o,--output", c.output, "write the report to FILE");
  cmd->add_option("--strace", o.strace, "the strace to run (default: PATH)");
  cmd->add_option("--logs", o.logs_dir,
                  "keep strace's log and sctrace's JSONL in DIR");
  cmd->add_flag("-q,--quiet", c.quiet, "no progress messages on stderr");
  cmd->footer("Exit codes: 0 match, 1 mismatch (or a tracer failed), 2 bad "
              "usage, 3 environment (strace, root, bpftrace), 4 output.\n"
              "Examples:\n"
              "  sctrace compare -- ls -la /etc\n"
              "  sctrace compare --syscalls 'openat,close,read' --format json "
              "-- cat /etc/hostname\n"
              "  sctrace compare --syscalls %file --logs /tmp/cmp -- make\n"
              "  sctrace compare -p 1234 --duration 10\n"
              "  sctrace compare --comm nginx --duration 10 --format json");
  return cmd;
}

int run_compare_command(CompareCommand& c,
                        const std::vector<std::string>& argv) {
  auto& o = c.options;
  o.command = argv;
  auto pids = parse_pid_list(c.pids);
  if (!pids.ok())
    return report(pids.error());
  o.target.pids = *pids;
  if (!c.quiet)
    o.on_progress = [](const std::string& m) {
      std::cerr << "sctrace compare: " << m << "\n";
    };
  // Checked first, so an unwritable report fails before three runs, and
  // truncated only once the runs succeeded.
  std::unique_ptr<OutputFile> file;
  if (!c.output.empty()) {
    auto prepared = OutputFile::prepare(c.output);
    if (!prepared.ok())
      return report(prepared.error());
    file = std::move(*prepared);
  }
  auto result = compare::run_compare(o);
  if (!result.ok())
    return report(result.error());
  if (file)
    if (auto committed = file->commit(); !committed.ok())
      return report(committed.error());
  std::ostream& out = c.output.empty() ? std::cout : file->stream();
  out << (c.format == "json" ? compare::json_report(*result)
                             : compare::text_report(*result));
  out.flush();
  if (!out)
    return report(make_error(ErrorKind::Io, "cannot write the report"));
  return result->diff.match() ? kExitOk : kExitTraceFailed;
}

} // namespace sctrace::cli
