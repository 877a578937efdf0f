#include "cli/target_args.h"

#include <charconv>

#include "util/strings.h"

namespace sctrace::cli {

void add_target_options(CLI::App* cmd, TargetArgs& a) {
  auto& o = a.options;
  cmd->add_option("-p,--pid", a.pids,
                  "trace these processes (all threads): PID[,PID...]");
  cmd->add_option("--comm", o.comm,
                  "trace processes with this exact name (15 chars max)");
  cmd->add_option("--container", o.container,
                  "trace a container by ID or name (its cgroup v2 group)");
  cmd->add_option("--cgroup", o.cgroup,
                  "trace a cgroup v2 group (path under the cgroup2 mount)");
  cmd->add_flag("-a,--all", o.all, "trace the whole system");
}

Result<std::vector<std::int64_t>> parse_pid_list(const std::string& text) {
  std::vector<std::int64_t> pids;
  if (text.empty())
    return pids;
  for (const std::string& part : util::split(text, ',')) {
    std::int64_t pid = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), pid);
    if (ec != std::errc() || p != part.data() + part.size())
      return make_error(ErrorKind::Invalid,
                        "-p takes process ids separated by commas, not '" +
                            text + "'");
    pids.push_back(pid);
  }
  return pids;
}

Result<targets::TargetOptions>
finish_target(TargetArgs& a, const std::vector<std::string>& command) {
  a.options.command = command;
  SCTRACE_TRY_ASSIGN(pids, parse_pid_list(a.pids));
  a.options.pids = pids;
  return a.options;
}

} // namespace sctrace::cli
