#include "cli/demo_command.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/exit_codes.h"
#include "cli/trace_command.h"

namespace sctrace::cli {

CLI::App* setup_demo_command(CLI::App& app, DemoOptions& o) {
  CLI::App* demo = app.add_subcommand(
      "demo", "trace the bundled sctrace-demo workload (open, read, write)");
  demo->add_option("--format", o.format, "output format")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}));
  return demo;
}

namespace {

// sctrace-demo is installed next to sctrace (also in the build tree).
std::string find_workload() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto p = self.parent_path() / "sctrace-demo";
    if (std::filesystem::exists(p, ec))
      return p.string();
  }
  return "sctrace-demo";
}

} // namespace

int run_demo(const DemoOptions& d) {
  TraceOptions o;
  o.format = d.format;
  o.probes = {
      "r::sys_openat \"openat %s = %d\", arg2, retval",
      "sys_read (arg3 > 0) \"read fd=%d count=%d\", arg1, arg3",
      "sys_write \"write fd=%d %d bytes\", arg1, arg3",
  };
  o.command = {find_workload()};
  std::cerr << "sctrace demo: tracing `" << o.command[0] << "` with:\n";
  for (const auto& p : o.probes)
    std::cerr << "  sctrace '" << p << "'\n";
  return run_trace(o);
}

} // namespace sctrace::cli
