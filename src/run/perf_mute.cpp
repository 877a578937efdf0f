#include "run/perf_mute.h"

#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "gen/tracefs.h"

namespace sctrace::run {
namespace {

Error step_error(const std::string& what, int err) {
  const bool perm = err == EPERM || err == EACCES;
  return make_error(perm ? ErrorKind::Permission : ErrorKind::System,
                    what + ": " + std::strerror(err) +
                        (perm ? "; run sctrace as root" : ""));
}

// The program `r0 = 0; exit`, loaded as a tracepoint program.
Result<Fd> load_return_zero() {
  bpf_insn insns[2];
  std::memset(insns, 0, sizeof insns);
  insns[0].code = BPF_ALU64 | BPF_MOV | BPF_K; // r0 = 0
  insns[0].dst_reg = BPF_REG_0;
  insns[1].code = BPF_JMP | BPF_EXIT;
  static const char kLicense[] = "GPL";
  bpf_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.prog_type = BPF_PROG_TYPE_TRACEPOINT;
  attr.insns = reinterpret_cast<std::uintptr_t>(insns);
  attr.insn_cnt = 2;
  attr.license = reinterpret_cast<std::uintptr_t>(kLicense);
  std::strncpy(attr.prog_name, "sctrace_mute", sizeof attr.prog_name - 1);
  const long fd = ::syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof attr);
  if (fd < 0)
    return step_error("loading sctrace's tracepoint program", errno);
  return Fd(static_cast<int>(fd));
}

// CATEGORY:NAME, each part gen::is_plain_name().
bool plain_tracepoint(std::string_view s) {
  const std::size_t colon = s.find(':');
  return colon != std::string_view::npos &&
         gen::is_plain_name(s.substr(0, colon)) &&
         gen::is_plain_name(s.substr(colon + 1));
}

// The tracepoint's id, from TRACEFS/events/CATEGORY/NAME/id.
Result<std::uint64_t> tracepoint_id(const std::string& tracefs,
                                    const std::string& name) {
  std::string path = name;
  path[path.find(':')] = '/';
  path = tracefs + "/events/" + path + "/id";
  std::ifstream in(path);
  std::uint64_t id = 0;
  if (!(in >> id))
    return make_error(ErrorKind::NotFound,
                      "no tracepoint id in " + path +
                          ": the kernel has no tracepoint " + name);
  return id;
}

// A counting perf event on tracepoint ID (CPU 0, every process) with PROG
// attached.
Result<Fd> attach(const Fd& prog, std::uint64_t id, const std::string& name) {
  perf_event_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.type = PERF_TYPE_TRACEPOINT;
  attr.size = sizeof attr;
  attr.config = id;
  const long raw =
      ::syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
  if (raw < 0)
    return step_error("opening a perf event on " + name, errno);
  Fd event(static_cast<int>(raw));
  if (::ioctl(event.get(), PERF_EVENT_IOC_SET_BPF, prog.get()) != 0)
    return step_error("attaching sctrace's program to " + name, errno);
  return event;
}

} // namespace

Result<TracepointMute>
mute_tracepoints(const std::vector<std::string>& tracepoints,
                 const std::string& tracefs) {
  TracepointMute mute;
  std::vector<std::uint64_t> ids;
  for (const auto& name : tracepoints) {
    if (!plain_tracepoint(name))
      continue; // a wildcard's category, say: not one tracepoint
    SCTRACE_TRY_ASSIGN(id, tracepoint_id(tracefs, name));
    ids.push_back(id);
    mute.names_.push_back(name);
  }
  if (ids.empty())
    return mute;
  SCTRACE_TRY_ASSIGN(prog, load_return_zero());
  mute.prog_ = std::move(prog);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    SCTRACE_TRY_ASSIGN(event, attach(mute.prog_, ids[i], mute.names_[i]));
    mute.events_.push_back(std::move(event));
  }
  return mute;
}

} // namespace sctrace::run
