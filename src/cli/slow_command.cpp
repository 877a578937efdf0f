#include "cli/slow_command.h"

#include <iostream>

#include "cli/mode_runner.h"
#include "modes/syscalls/slow_text.h"

namespace sctrace::cli {

CLI::App* setup_slow_command(CLI::App& app, SlowCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "slow", "report syscalls slower than a threshold, with arguments, fd "
              "paths and stacks; faster calls are only counted");
  auto& o = c.options;
  add_target_options(cmd, c.target);
  add_follow_option(cmd, o);
  cmd->add_option("--threshold", c.thresholds,
                  "10ms (every syscall), read=10ms,futex=1ms (those only), "
                  "or both: 5ms,read=50ms (default: 10ms)");
  cmd->add_option("-e", o.selection,
                  "trace=SET: only these syscalls (names, globs, %classes)");
  cmd->add_flag("--stack", o.user_stack,
                "print the user stack of each slow call");
  cmd->add_flag("--no-fd-paths", c.no_fd_paths,
                "do not look up what fd arguments refer to");
  cmd->add_option("-d,--duration", o.duration_seconds,
                  "stop after SECONDS (default: when the command ends, or "
                  "Ctrl-C)")
      ->check(CLI::NonNegativeNumber);
  add_syscalls_run_options(cmd, c.run, o, "bytes read of each path");
  cmd->footer("Examples:\n"
              "  sctrace slow -p 1842 --threshold read=10ms,futex=1ms,"
              "connect=100ms\n"
              "  sctrace slow -a --threshold 50ms --stack -d 60\n"
              "  sctrace slow --container db-1 --format jsonl");
  return cmd;
}

int run_slow_command(SlowCommand& c, const std::vector<std::string>& argv) {
  ModeRunner runner("sctrace slow");
  auto& o = c.options;
  auto target = finish_target(c.target, argv);
  if (!target.ok())
    return runner.fail(target.error());
  o.target = *target;
  auto thresholds = syscalls::parse_thresholds(c.thresholds);
  if (!thresholds.ok())
    return runner.fail(thresholds.error());
  o.thresholds = *thresholds;
  o.resolve_fds = !c.no_fd_paths;
  if (c.run.verbose)
    o.on_program = [](const std::string& p) { std::cerr << p << "\n"; };
  if (c.run.dry_run)
    return runner.print_program(syscalls::syscalls_dry_run(o));
  auto out = runner.open_output(c.run.output);
  if (!out.ok())
    return runner.fail(out.error());
  std::unique_ptr<syscalls::SyscallWriter> writer;
  if (c.run.format == "text") {
    writer = syscalls::make_slow_text_writer(**out);
  } else {
    auto w = syscalls::make_syscall_writer(c.run.format, **out, std::cerr);
    if (!w.ok())
      return runner.fail(w.error());
    writer = std::move(*w);
  }
  return finish_syscalls_run(runner, c.run, o, *writer);
}

} // namespace sctrace::cli
