#include "cli/exporter_command.h"

#include <atomic>
#include <charconv>
#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/serve_command.h" // parse_listen
#include "cli/signals.h"
#include "exporter/metrics_endpoint.h"
#include "modes/monitor/monitor.h"
#include "util/duration.h"

namespace sctrace::cli {

namespace {

int fail(const Error& e) {
  std::cerr << "sctrace exporter: error: " << e.message << "\n";
  return exit_code_for(e);
}

bool no_target(const targets::TargetOptions& t) {
  return t.pids.empty() && t.comm.empty() && t.container.empty() &&
         t.cgroup.empty() && !t.all && t.command.empty();
}

Result<monitor::MonitorOptions>
monitor_options(ExporterCommand& c, const std::vector<std::string>& command) {
  monitor::MonitorOptions o;
  SCTRACE_TRY_ASSIGN(target, finish_target(c.target, command));
  if (no_target(target))
    target.all = true;
  o.target = std::move(target);
  SCTRACE_TRY_ASSIGN(interval, parse_interval_seconds(c.interval));
  o.interval_seconds = interval;
  SCTRACE_TRY_ASSIGN(thresholds, syscalls::parse_thresholds(c.thresholds));
  o.thresholds = std::move(thresholds);
  o.selection = c.selection;
  o.by_comm = c.by == "comm";
  o.top_comms = c.top;
  o.bpftrace = c.bpftrace;
  o.diagnostics = diagnostics_from_environment();
  return o;
}

// Stops ENDPOINT once a stop signal came or the monitor ended; sets
// SIGNALLED when it was a signal.
void watch(exporter::MetricsEndpoint& endpoint, const monitor::Monitor& m,
           const volatile std::sig_atomic_t* flag,
           const std::atomic<bool>& done, std::atomic<bool>& signalled) {
  while (!done && *flag == 0 && !m.ended())
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  signalled = *flag != 0;
  endpoint.stop();
}

int serve(exporter::MetricsEndpoint& endpoint, monitor::Monitor& m,
          const volatile std::sig_atomic_t* flag) {
  std::atomic<bool> done{false}, signalled{false};
  std::thread watcher(watch, std::ref(endpoint), std::cref(m), flag,
                      std::cref(done), std::ref(signalled));
  endpoint.run();
  done = true;
  watcher.join();
  const bool ended_alone = m.ended() && !signalled;
  const std::string reason = m.end_reason();
  m.stop();
  if (ended_alone && m.target_ended()) {
    std::cerr << "sctrace exporter: stopped: " << reason << "\n";
    return kExitOk;
  }
  if (ended_alone && !reason.empty()) {
    std::cerr << "sctrace exporter: error: the monitor ended: " << reason
              << "\n";
    return kExitTraceFailed;
  }
  std::cerr << "sctrace exporter: stopped\n";
  return kExitOk;
}

} // namespace

Result<double> parse_interval_seconds(const std::string& text) {
  double seconds = 0;
  auto [p, ec] =
      std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec == std::errc() && p == text.data() + text.size())
    return seconds;
  auto ns = util::parse_duration_ns(text);
  if (!ns.ok())
    return make_error(ErrorKind::Invalid,
                      "--interval '" + text +
                          "' is not a duration: write 1s, 500ms or a number "
                          "of seconds (0.1 to 60)");
  return static_cast<double>(*ns) / 1e9;
}

CLI::App* setup_exporter_command(CLI::App& app, ExporterCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "exporter", "serve syscall counts, errors and latency histograms as "
                  "Prometheus metrics (docs/exporter.md)");
  cmd->add_option("--listen", c.listen,
                  "HOST:PORT to serve /metrics on (default 127.0.0.1:9464)");
  add_target_options(cmd, c.target);
  cmd->add_option("--interval", c.interval,
                  "how often to read the kernel's counters: 1s (default), "
                  "500ms, 0.1s..60s");
  cmd->add_option("--threshold", c.thresholds,
                  "slow calls for syscall_slow_total: 10ms (default), "
                  "read=10ms,futex=1ms, or both");
  cmd->add_option("--syscalls", c.selection,
                  "only these syscalls: names, globs, %classes");
  cmd->add_option("--by", c.by,
                  "comm: also count calls per process name (top --top N "
                  "and \"other\"; more series)")
      ->check(CLI::IsMember({"comm"}));
  cmd->add_option("--top", c.top, "with --by comm: how many names (10)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--bpftrace", c.bpftrace, "bpftrace binary to run");
  cmd->footer("Examples:\n"
              "  sctrace exporter --listen 127.0.0.1:9464\n"
              "  sctrace exporter --listen [::1]:9464 -p 1842 "
              "--threshold read=10ms\n"
              "  sctrace exporter --listen 0.0.0.0:9464 --by comm --top 20");
  return cmd;
}

int run_exporter_command(ExporterCommand& c,
                         const std::vector<std::string>& command) {
  auto options = monitor_options(c, command);
  if (!options.ok())
    return fail(options.error());
  auto address = parse_listen(c.listen, kExporterPort);
  if (!address.ok())
    return fail(address.error());
  std::unique_ptr<monitor::Monitor> m;
  exporter::EndpointOptions eo;
  eo.host = address->first;
  eo.port = address->second;
  exporter::MetricsEndpoint endpoint(eo, [&m] {
    return m ? m->latest() : std::shared_ptr<const monitor::Snapshot>();
  });
  auto port = endpoint.bind();
  if (!port.ok())
    return fail(port.error());
  // Before bpftrace starts: a Ctrl-C during the start stops cleanly.
  const volatile std::sig_atomic_t* flag = install_stop_handlers();
  auto started = monitor::Monitor::start(std::move(*options));
  if (!started.ok())
    return fail(started.error());
  m = std::move(*started);
  std::cerr << "sctrace exporter: listening on http://"
            << c.listen.substr(0, c.listen.rfind(':')) << ":" << *port
            << "/metrics" << std::endl;
  return serve(endpoint, *m, flag);
}

} // namespace sctrace::cli
