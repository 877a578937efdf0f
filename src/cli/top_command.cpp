#include "cli/top_command.h"

#include <unistd.h>

#include <cstdint>

#include "cli/exit_codes.h"
#include "cli/mode_runner.h"
#include "cli/top_source.h"
#include "top/text.h"
#include "top/view.h"
#include "util/duration.h"
#include "util/strings.h"

namespace sctrace::cli {

namespace {

constexpr std::uint64_t kMinIntervalNs = 100'000'000;
constexpr std::uint64_t kMaxIntervalNs = 1'000'000'000;

Result<double> parse_interval(const std::string& text) {
  auto ns = util::parse_duration_ns(text);
  if (!ns.ok() || *ns < kMinIntervalNs || *ns > kMaxIntervalNs)
    return make_error(ErrorKind::Invalid,
                      "--interval takes 100ms to 1s (like 250ms or 1s), not "
                      "'" +
                          text + "'");
  return static_cast<double>(*ns) / 1e9;
}

bool no_target(const targets::TargetOptions& t) {
  return t.pids.empty() && t.comm.empty() && t.container.empty() &&
         t.cgroup.empty() && !t.all && t.command.empty();
}

// The target as the title line shows it (user text made terminal-safe).
std::string target_label(const TopCommand& c, const targets::TargetOptions& t) {
  std::string label = "-a";
  if (!t.pids.empty())
    label = "-p " + c.target.pids;
  else if (!t.comm.empty())
    label = "--comm " + t.comm;
  else if (!t.container.empty())
    label = "--container " + t.container;
  else if (!t.cgroup.empty())
    label = "--cgroup " + t.cgroup;
  else if (!t.command.empty())
    label = "-- " + util::join(t.command, " ");
  return top::kernel_text(label, false);
}

Result<monitor::MonitorOptions> monitor_options(TopCommand& c,
                                                const ModeRunner& runner,
                                                targets::TargetOptions target) {
  monitor::MonitorOptions o;
  SCTRACE_TRY_ASSIGN(interval, parse_interval(c.interval));
  SCTRACE_TRY_ASSIGN(thresholds, syscalls::parse_thresholds(c.thresholds));
  o.interval_seconds = interval;
  o.thresholds = std::move(thresholds);
  o.target = std::move(target);
  o.selection = c.selection;
  o.bpftrace = c.bpftrace;
  o.diagnostics = runner.diagnostics();
  return o;
}

} // namespace

CLI::App* setup_top_command(CLI::App& app, TopCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "top", "live dashboard: syscall rates, latency histograms and slow "
             "calls, counted in the kernel (a terminal; see docs/top.md)");
  add_target_options(cmd, c.target);
  cmd->add_option("--interval", c.interval,
                  "refresh every INTERVAL: 100ms to 1s (default 1s)");
  cmd->add_option("--threshold", c.thresholds,
                  "slow calls: 10ms (every syscall, the default), "
                  "read=10ms,futex=1ms (those only), or both");
  cmd->add_option("--syscalls", c.selection,
                  "only these syscalls: names, globs (open*), classes "
                  "(%file, %network, ...), !negation");
  cmd->add_option("--bpftrace", c.bpftrace, "bpftrace binary to run");
  cmd->footer("Examples:\n"
              "  sctrace top\n"
              "  sctrace top -p 1234 --interval 250ms\n"
              "  sctrace top --container web-1 --threshold 5ms\n"
              "Keys: arrows select, s sort, / search, p/c filter, z zoom, "
              "space pause, ? help, q quit.");
  return cmd;
}

int run_top_command(TopCommand& c, const std::vector<std::string>& argv) {
  ModeRunner runner("sctrace top");
  auto target = finish_target(c.target, argv);
  if (!target.ok())
    return runner.fail(target.error());
  if (no_target(*target))
    target->all = true;
  const std::string label = target_label(c, *target);
  auto options = monitor_options(c, runner, std::move(*target));
  if (!options.ok())
    return runner.fail(options.error());
  if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
    return runner.fail(make_error(
        ErrorKind::Invalid,
        "top needs a terminal on stdin and stdout; for plain output (pipes, "
        "files, logs) use `sctrace count -i 1` with the same target"));
  top::ViewOptions view;
  view.stop_flag = runner.stop_flag();
  top::ModelOptions model_options;
  model_options.target_label = label;
  model_options.interval_seconds = options->interval_seconds;
  auto source = TopSource::start(std::move(*options));
  if (!source.ok())
    return runner.fail(source.error());
  model_options.ascii_only = !top::init_locale();
  top::Model model(model_options);
  Result<void> r = top::run_view(model, **source, view);
  source->reset(); // stops the monitor and its bpftrace
  return r.ok() ? kExitOk : runner.fail(r.error());
}

} // namespace sctrace::cli
