#include "modes/syscalls/fd_annotator.h"

#include <dirent.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

#include "modes/syscalls/fd_paths.h"

namespace sctrace::syscalls {

namespace {

// "socket:[123]" -> "123".
std::string inode_of(const std::string& link) {
  auto open = link.find('[');
  if (open == std::string::npos || !link.ends_with(']'))
    return "";
  return link.substr(open + 1, link.size() - open - 2);
}

// describe_fd()'s socket text ("TCP 1.2.3.4:5 -> 6.7.8.9:10", "UNIX
// /run/x", "UNIX") in strace -yy's form; LINK when it says nothing more.
std::string proc_socket_name(const FdEntry& f) {
  const std::string& d = f.detail;
  auto space = d.find(' ');
  if (d == "UNIX" || d.empty() || d == f.text)
    return d == "UNIX" ? "UNIX:[" + inode_of(f.text) + "]" : f.text;
  if (space == std::string::npos)
    return f.text;
  std::string proto = d.substr(0, space), rest = d.substr(space + 1);
  auto arrow = rest.find(" -> ");
  if (arrow != std::string::npos)
    rest = rest.substr(0, arrow) + "->" + rest.substr(arrow + 4);
  return proto + ":[" + rest + "]";
}

std::optional<std::string> proc_link(std::uint32_t pid, std::int64_t fd) {
  char buf[4096];
  std::string path =
      "/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd);
  ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
  if (n <= 0)
    return std::nullopt;
  return std::string(buf, static_cast<std::size_t>(n));
}

// The parent's pid from /proc/PID/stat ("pid (comm) state ppid ...").
std::optional<std::uint32_t> parent_pid(std::uint32_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(in, stat);
  auto close = stat.rfind(')');
  if (close == std::string::npos)
    return std::nullopt;
  std::istringstream rest(stat.substr(close + 1));
  std::string state;
  std::uint32_t ppid = 0;
  if (!(rest >> state >> ppid) || ppid == 0)
    return std::nullopt;
  return ppid;
}

} // namespace

std::string fd_entry_name(const FdEntry& f, int level) {
  switch (f.kind) {
  case FdEntry::Kind::Path:
    return f.text;
  case FdEntry::Kind::Proc:
    if (level < 2 || !f.text.starts_with("socket:["))
      return f.text;
    return proc_socket_name(f);
  case FdEntry::Kind::Socket:
    if (level < 2)
      return "socket:[?]";
    std::string addrs = f.local;
    if (!f.remote.empty())
      addrs += "->" + f.remote;
    return f.text + ":[" + addrs + "]";
  }
  return f.text;
}

std::optional<std::string> FdAnnotator::name(std::uint32_t pid, std::int64_t fd,
                                             bool use_proc,
                                             std::uint64_t now_ns) {
  if (const FdEntry* f = table_.find(pid, fd))
    return fd_entry_name(*f, level_);
  auto link = use_proc ? proc_link(pid, fd) : std::nullopt;
  if (!link) {
    ++unresolved_;
    return std::nullopt;
  }
  FdEntry learned;
  learned.kind = FdEntry::Kind::Proc;
  learned.text = *link;
  if (level_ >= 2 && link->starts_with("socket:["))
    learned.detail = describe_fd(pid, fd).value_or("");
  std::string n = fd_entry_name(learned, level_);
  table_.learn(pid, fd, std::move(learned), now_ns);
  return n;
}

void FdAnnotator::snapshot(std::uint32_t pid) {
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* d = ::opendir(dir.c_str());
  if (!d)
    return;
  std::vector<std::int64_t> fds;
  while (const dirent* ent = ::readdir(d)) {
    std::string_view n = ent->d_name;
    std::int64_t fd = 0;
    auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), fd);
    if (ec == std::errc() && p == n.data() + n.size())
      fds.push_back(fd);
  }
  ::closedir(d);
  for (std::int64_t fd : fds)
    if (auto link = proc_link(pid, fd)) {
      FdEntry e;
      e.kind = FdEntry::Kind::Proc;
      e.text = *link;
      if (level_ >= 2 && link->starts_with("socket:["))
        e.detail = describe_fd(pid, fd).value_or("");
      table_.learn(pid, fd, std::move(e));
    }
}

namespace {

// Whether the call closed this argument's fd: /proc, read after the call,
// can then only show a later fd of the same number, never this one.
bool closed_by_call(const SyscallEvent& e, const SyscallArg& a) {
  if (e.error || e.unfinished != Unfinished::No)
    return false;
  return (e.syscall == "close" && a.name == "fd") ||
         (e.syscall.starts_with("dup") && a.name == "newfd");
}

} // namespace

void FdAnnotator::annotate(SyscallEvent& e) {
  // A child seen before its parent's fork returned starts from the
  // parent's table (the parent is stopped until the child execs: vfork).
  // Looked up once per process: without a parent's table it starts empty,
  // as old as the trace (a fork event arriving later still fills it).
  if (!table_.has(e.pid)) {
    if (auto parent = parent_pid(e.pid))
      table_.inherit(e.pid, *parent, e.timestamp_ns);
    table_.begin(e.pid);
  }
  if (e.unfinished != Unfinished::StartedBeforeTrace)
    for (const auto& a : e.args)
      if (a.kind == SyscallArg::Kind::Int && a.number >= 0 &&
          is_fd_like_argument(a.name))
        if (auto n =
                name(e.pid, a.number, !closed_by_call(e, a), e.timestamp_ns)) {
          if (!e.fd_path)
            e.fd_path = *n;
          e.fd_paths.emplace_back(a.name, std::move(*n));
        }
  table_.apply(e);
  if (e.unfinished == Unfinished::No && !e.error && e.return_value &&
      *e.return_value >= 0 && returns_fd(e))
    if (auto n = name(e.pid, *e.return_value, true, e.timestamp_ns)) {
      if (!e.fd_path)
        e.fd_path = *n;
      e.fd_paths.emplace_back("return_value", std::move(*n));
    }
}

} // namespace sctrace::syscalls
