#include "targets/target.h"

#include <sys/stat.h>

#include <unordered_set>

#include "targets/cgroups.h"
#include "targets/comm_pattern.h"

namespace sctrace::targets {

namespace {

Error invalid(std::string m) {
  return make_error(ErrorKind::Invalid, std::move(m));
}

// Each pid must be above 0 and exist now.
Result<void> check_pids(const std::vector<std::int64_t>& pids) {
  if (pids.size() > kMaxTargetPids)
    return invalid("-p names " + std::to_string(pids.size()) +
                   " different processes, more than the " +
                   std::to_string(kMaxTargetPids) +
                   " one trace can filter on in the kernel; trace fewer "
                   "processes, or select them another way: --comm NAME, "
                   "--container ID, --cgroup PATH or -a");
  for (auto pid : pids) {
    if (pid <= 0)
      return invalid("-p takes process ids above 0, not " +
                     std::to_string(pid));
    struct stat st {};
    if (::stat(("/proc/" + std::to_string(pid)).c_str(), &st) != 0)
      return make_error(ErrorKind::NotFound,
                        "process " + std::to_string(pid) +
                            " does not exist; check the pid (ps -e)");
  }
  return Ok{};
}

} // namespace

std::vector<std::int64_t> unique_pids(const std::vector<std::int64_t>& pids) {
  std::vector<std::int64_t> out;
  std::unordered_set<std::int64_t> seen;
  for (auto pid : pids)
    if (seen.insert(pid).second)
      out.push_back(pid);
  return out;
}

Result<gen::SyscallTarget> resolve_target(const TargetOptions& o) {
  int targets = !o.pids.empty() + !o.comm.empty() + !o.container.empty() +
                !o.cgroup.empty() + o.all + !o.command.empty();
  if (targets == 0)
    return invalid("no target: choose what to trace with -p PID, --comm "
                   "NAME, --container ID, --cgroup PATH, -a (whole system) "
                   "or -- CMD ARGS...");
  if (targets > 1)
    return invalid("more than one target: use only one of -p, --comm, "
                   "--container, --cgroup, -a and -- CMD");
  gen::SyscallTarget t;
  t.pids = unique_pids(o.pids);
  SCTRACE_TRY(check_pids(t.pids));
  if (!o.comm.empty()) {
    SCTRACE_TRY_ASSIGN(comm, parse_comm_pattern(o.comm));
    t.comm = comm.text;
    t.comm_prefix = comm.prefix;
  }
  if (!o.container.empty()) {
    SCTRACE_TRY_ASSIGN(cg, resolve_container(o.container));
    t.cgroup_ids = cg.ids;
  }
  if (!o.cgroup.empty()) {
    SCTRACE_TRY_ASSIGN(cg, resolve_cgroup(o.cgroup));
    t.cgroup_ids = cg.ids;
  }
  return t;
}

} // namespace sctrace::targets
