#include "modes/compare/live_target.h"

#include <dirent.h>
#include <fnmatch.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <fstream>

#include "output/escape.h"
#include "targets/cgroups.h"
#include "util/strings.h"

namespace sctrace::compare {

namespace {

bool is_glob(const std::string& s) {
  return s.find_first_of("*?[") != std::string::npos;
}

std::string read_comm(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/comm");
  std::string comm;
  std::getline(in, comm);
  return comm;
}

bool comm_matches(const std::string& pattern, const std::string& comm) {
  if (comm == "sctrace" || comm == "strace" || comm == "bpftrace")
    return false;
  return is_glob(pattern) ? ::fnmatch(pattern.c_str(), comm.c_str(), 0) == 0
                          : pattern == comm;
}

Result<std::vector<pid_t>> pids_by_comm(const std::string& pattern) {
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr)
    return make_error(ErrorKind::System, "cannot read /proc");
  std::vector<pid_t> out;
  while (dirent* d = ::readdir(proc))
    if (std::isdigit(static_cast<unsigned char>(d->d_name[0])) &&
        comm_matches(pattern, read_comm(d->d_name)))
      out.push_back(static_cast<pid_t>(std::stol(d->d_name)));
  ::closedir(proc);
  return out;
}

// Every pid in the group at `path` and in the groups below it.
std::vector<pid_t> pids_in_cgroup(const std::string& path) {
  std::vector<pid_t> out;
  std::error_code ec;
  std::vector<std::string> groups = {path};
  for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
       !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_directory(ec))
      groups.push_back(it->path().string());
  for (const auto& g : groups) {
    std::ifstream in(g + "/cgroup.procs");
    for (long pid = 0; in >> pid;)
      out.push_back(static_cast<pid_t>(pid));
  }
  return out;
}

Result<std::vector<pid_t>> given_pids(const std::vector<std::int64_t>& pids) {
  std::vector<pid_t> out;
  for (std::int64_t pid : pids) {
    if (pid <= 0 || pid > 0x3fffffff ||
        (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH))
      return make_error(ErrorKind::NotFound,
                        "no process " + std::to_string(pid) +
                            " is running; check the pid with ps, or give "
                            "--comm NAME");
    out.push_back(static_cast<pid_t>(pid));
  }
  return out;
}

Result<std::vector<pid_t>> find(const LiveTarget& t) {
  if (!t.pids.empty())
    return given_pids(t.pids);
  if (!t.comm.empty())
    return pids_by_comm(t.comm);
  SCTRACE_TRY_ASSIGN(group, targets::resolve_container(t.container));
  return pids_in_cgroup(group.path);
}

} // namespace

Result<std::vector<pid_t>> resolve_live_target(const LiveTarget& t) {
  int given = !t.pids.empty() + !t.comm.empty() + !t.container.empty();
  if (given != 1)
    return make_error(ErrorKind::Invalid,
                      "give exactly one target: -p PID[,PID...], --comm "
                      "NAME or --container ID|NAME (or a command after --)");
  SCTRACE_TRY_ASSIGN(pids, find(t));
  std::sort(pids.begin(), pids.end());
  pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  if (pids.empty())
    return make_error(ErrorKind::NotFound,
                      "no running process matches " + describe_target(t) +
                          "; check the name with ps -eo comm (a comm is at "
                          "most 15 characters)");
  if (pids.size() > kMaxComparePids)
    return make_error(ErrorKind::Invalid,
                      describe_target(t) + " matches " +
                          std::to_string(pids.size()) +
                          " processes; compare attaches strace to at most " +
                          std::to_string(kMaxComparePids) +
                          ": narrow the target (-p PID, a longer --comm)");
  return pids;
}

std::string describe_target(const LiveTarget& t) {
  if (!t.pids.empty()) {
    std::vector<std::string> parts;
    for (auto p : t.pids)
      parts.push_back(std::to_string(p));
    return (t.pids.size() == 1 ? "pid " : "pids ") + util::join(parts, ",");
  }
  std::string out = t.comm.empty() ? "container '" : "comm '";
  output::append_terminal_safe(out, t.comm.empty() ? t.container : t.comm);
  return out + "'";
}

} // namespace sctrace::compare
