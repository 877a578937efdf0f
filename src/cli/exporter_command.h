// `sctrace exporter --listen HOST:PORT [TARGET]`: the Prometheus exporter
// (docs/exporter.md). A monitor::Monitor counts and times syscalls in the
// kernel; an exporter::MetricsEndpoint serves its newest snapshot at
// /metrics.
//
// Contract: the target defaults to -a; --interval (default 1s) takes
// "500ms", "2s" or a number of seconds; --threshold is `sctrace slow`'s;
// --by comm adds the per-comm family (top --top N, default 10). The
// address is bound before bpftrace starts, so a taken port fails at once.
// Once serving, one line "sctrace exporter: listening on
// http://HOST:PORT/metrics" goes to stderr. SIGINT and SIGTERM (and
// SIGHUP) stop the server and the monitor (no bpftrace is left) and exit
// 0; a monitor that ends by itself (its command exited, or bpftrace kept
// failing) stops the server too, and its reason, if any, is an error
// (exit 1). Exit codes otherwise as docs/exit-codes.md.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/target_args.h"

namespace sctrace::cli {

inline constexpr int kExporterPort = 9464;

struct ExporterCommand {
  std::string listen = "127.0.0.1:9464";
  TargetArgs target;
  std::string interval = "1s";
  std::vector<std::string> thresholds;
  std::string selection;
  std::string by;
  int top = 10;
  std::string bpftrace;
};

CLI::App* setup_exporter_command(CLI::App& app, ExporterCommand& c);
int run_exporter_command(ExporterCommand& c,
                         const std::vector<std::string>& command);

// "1s", "500ms", "0.5" (seconds) -> seconds.
Result<double> parse_interval_seconds(const std::string& text);

} // namespace sctrace::cli
