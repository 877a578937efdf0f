#include "cli/target_args.h"

#include <charconv>

#include "targets/target_word.h"
#include "util/strings.h"

namespace sctrace::cli {

void add_target_options(CLI::App* cmd, TargetArgs& a) {
  auto& o = a.options;
  cmd->add_option("-p,--pid", a.pids,
                  "trace these processes (all threads): PID[,PID...]");
  cmd->add_option("--comm", o.comm,
                  "trace processes with this name (15 chars max), or whose "
                  "name starts with NAME for 'NAME*'")
      ->type_name("NAME|NAME*");
  cmd->add_option("--container", o.container,
                  "trace a container by ID or name (its cgroup v2 group)");
  cmd->add_option("--cgroup", o.cgroup,
                  "trace a cgroup v2 group (path under the cgroup2 mount)");
  cmd->add_flag("-a,--all", o.all, "trace the whole system");
  cmd->add_option("--target", a.word,
                  "a pid (all digits), else a running container's ID or "
                  "name, else a process name (seed 000's --target)")
      ->type_name("PID|CONTAINER|COMM");
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

namespace {

// --target WORD in place of the other target options.
Result<targets::TargetOptions>
target_word(const TargetArgs& a, const std::vector<std::string>& command) {
  const auto& o = a.options;
  const char* other = !a.pids.empty()        ? "-p"
                      : !o.comm.empty()      ? "--comm"
                      : !o.container.empty() ? "--container"
                      : !o.cgroup.empty()    ? "--cgroup"
                      : o.all                ? "-a"
                      : !command.empty()     ? "a command after --"
                                             : nullptr;
  if (other)
    return make_error(ErrorKind::Invalid,
                      std::string("--target and ") + other +
                          " both given: each names what to trace; use one");
  return targets::target_from_word(a.word);
}

} // namespace

Result<targets::TargetOptions>
finish_target(TargetArgs& a, const std::vector<std::string>& command) {
  if (!a.word.empty())
    return target_word(a, command);
  a.options.command = command;
  SCTRACE_TRY_ASSIGN(pids, parse_pid_list(a.pids));
  a.options.pids = pids;
  return a.options;
}

} // namespace sctrace::cli
