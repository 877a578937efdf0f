// `sctrace demo`: traces the bundled sctrace-demo workload with a few
// probes (the Quick start's first command).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace sctrace::cli {

struct DemoOptions {
  std::string format = "text";
};

CLI::App* setup_demo_command(CLI::App& app, DemoOptions& options);
int run_demo(const DemoOptions& options);

} // namespace sctrace::cli
