#include "run/perf_quiet.h"

#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "run/fd.h"

namespace sctrace::run {
namespace {

Error step_error(const std::string& what, int err) {
  const bool perm = err == EPERM || err == EACCES;
  return make_error(perm ? ErrorKind::Permission : ErrorKind::System,
                    what + ": " + std::strerror(err) +
                        (perm ? "; run sctrace as root" : ""));
}

// PID's descriptors that are perf events, from /proc/PID/fd.
Result<std::vector<int>> perf_descriptors(pid_t pid) {
  const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  std::vector<int> fds;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    std::error_code link_ec;
    if (!name.empty() && name.find_first_not_of("0123456789") == name.npos &&
        std::filesystem::read_symlink(entry.path(), link_ec) ==
            "anon_inode:[perf_event]")
      fds.push_back(std::stoi(name));
  }
  if (ec)
    return step_error("listing " + dir, ec.value());
  std::sort(fds.begin(), fds.end());
  return fds;
}

// The tracepoint's name when PID's descriptor FD is a perf event with a
// BPF program on a classic tracepoint; empty otherwise (another kind of
// file, another kind of probe, or closed meanwhile). Fails only when the
// kernel refuses the query itself.
Result<std::string> tracepoint_of(pid_t pid, int fd) {
  char name[256] = {};
  bpf_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.task_fd_query.pid = static_cast<__u32>(pid);
  attr.task_fd_query.fd = static_cast<__u32>(fd);
  attr.task_fd_query.buf = reinterpret_cast<std::uintptr_t>(name);
  attr.task_fd_query.buf_len = sizeof name - 1;
  if (::syscall(__NR_bpf, BPF_TASK_FD_QUERY, &attr, sizeof attr) != 0) {
    if (errno == EPERM || errno == EACCES)
      return step_error("asking the kernel what bpftrace's files are", errno);
    return std::string();
  }
  if (attr.task_fd_query.fd_type != BPF_FD_TYPE_TRACEPOINT)
    return std::string();
  return name[0] != '\0' ? std::string(name) : std::string("?");
}

// Disables PID's descriptor FD through a copy of it; false when FD was
// closed meanwhile.
Result<bool> disable(int pidfd, int fd, const std::string& name) {
  const long copy = ::syscall(SYS_pidfd_getfd, pidfd, fd, 0);
  if (copy < 0 && errno == EBADF)
    return false;
  if (copy < 0)
    return step_error("copying the perf event on " + name, errno);
  Fd event(static_cast<int>(copy));
  if (::ioctl(event.get(), PERF_EVENT_IOC_DISABLE, 0) != 0)
    return step_error("disabling the perf event on " + name, errno);
  return true;
}

} // namespace

Result<std::vector<std::string>> quiet_tracepoint_events(pid_t pid, int pidfd) {
  SCTRACE_TRY_ASSIGN(fds, perf_descriptors(pid));
  std::vector<std::string> names;
  for (int fd : fds) {
    SCTRACE_TRY_ASSIGN(name, tracepoint_of(pid, fd));
    if (name.empty())
      continue;
    SCTRACE_TRY_ASSIGN(disabled, disable(pidfd, fd, name));
    if (disabled)
      names.push_back(std::move(name));
  }
  return names;
}

} // namespace sctrace::run
