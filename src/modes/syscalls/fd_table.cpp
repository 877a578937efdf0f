#include "modes/syscalls/fd_table.h"

#include <string_view>

#include "modes/syscalls/fd_paths.h"

namespace sctrace::syscalls {

namespace {

const SyscallArg* arg(const SyscallEvent& e, std::string_view name) {
  for (const auto& a : e.args)
    if (a.name == name)
      return &a;
  return nullptr;
}

std::optional<std::int64_t> int_arg(const SyscallEvent& e,
                                    std::string_view name) {
  const SyscallArg* a = arg(e, name);
  if (a && a->kind == SyscallArg::Kind::Int)
    return a->number;
  return std::nullopt;
}

bool text_arg_has(const SyscallEvent& e, std::string_view name,
                  std::string_view word) {
  const SyscallArg* a = arg(e, name);
  return a && a->kind == SyscallArg::Kind::Text &&
         a->text.find(word) != std::string::npos;
}

// Any flags/type argument with a CLOEXEC flag (O_, SOCK_, EFD_, ...).
bool opened_cloexec(const SyscallEvent& e) {
  for (const char* name : {"flags", "type"})
    if (text_arg_has(e, name, "CLOEXEC"))
      return true;
  return e.syscall == "fcntl" && text_arg_has(e, "cmd", "F_DUPFD_CLOEXEC");
}

// The kernel's names of the fds these calls return.
const char* anon_name(std::string_view call) {
  struct Anon {
    std::string_view call;
    const char* name;
  };
  static const Anon table[] = {{"eventfd", "anon_inode:[eventfd]"},
                               {"eventfd2", "anon_inode:[eventfd]"},
                               {"epoll_create", "anon_inode:[eventpoll]"},
                               {"epoll_create1", "anon_inode:[eventpoll]"},
                               {"timerfd_create", "anon_inode:[timerfd]"},
                               {"signalfd", "anon_inode:[signalfd]"},
                               {"signalfd4", "anon_inode:[signalfd]"},
                               {"inotify_init", "anon_inode:inotify"},
                               {"inotify_init1", "anon_inode:inotify"},
                               {"pidfd_open", "anon_inode:[pidfd]"},
                               {"userfaultfd", "anon_inode:[userfaultfd]"},
                               {"perf_event_open", "anon_inode:[perf_event]"},
                               {"io_uring_setup", "anon_inode:[io_uring]"},
                               {"fanotify_init", "anon_inode:[fanotify]"}};
  for (const Anon& a : table)
    if (a.call == call)
      return a.name;
  return nullptr;
}

// "TCP", "UDPv6", "UNIX-STREAM", ... from socket()'s family and type.
std::string protocol(const SyscallEvent& e) {
  const SyscallArg* family = arg(e, "family");
  std::string f = family ? family->text : "";
  bool stream = text_arg_has(e, "type", "SOCK_STREAM");
  bool dgram = text_arg_has(e, "type", "SOCK_DGRAM");
  if (f == "AF_INET" || f == "AF_INET6") {
    std::string p = stream ? "TCP" : dgram ? "UDP" : "";
    if (p.empty())
      return "socket";
    return f == "AF_INET6" ? p + "v6" : p;
  }
  if (f == "AF_UNIX")
    return stream                               ? "UNIX-STREAM"
           : dgram                              ? "UNIX-DGRAM"
           : text_arg_has(e, "type", "SEQPACK") ? "UNIX-SEQPACKET"
                                                : "UNIX";
  if (f == "AF_NETLINK")
    return "NETLINK";
  return "socket";
}

// "127.0.0.1:80", "[::1]:80", "/run/x.sock", "@abstract"; "" when the
// argument is not a decoded address.
std::string address(const SyscallArg* a) {
  if (!a || a->kind != SyscallArg::Kind::Sockaddr)
    return "";
  if (a->family == "AF_UNIX")
    return (a->abstract ? "@" : "") + a->path;
  if (a->address.empty() || !a->port)
    return "";
  std::string host =
      a->family == "AF_INET6" ? "[" + a->address + "]" : a->address;
  return host + ":" + std::to_string(*a->port);
}

std::string joined_path(const FdEntry* dir, const std::string& name) {
  if (name.starts_with('/') || !dir || dir->kind != FdEntry::Kind::Path ||
      !dir->text.starts_with('/'))
    return name;
  return dir->text.ends_with('/') ? dir->text + name : dir->text + "/" + name;
}

} // namespace

bool is_fd_like_argument(std::string_view name) {
  return is_fd_argument(name) || name == "fildes" || name == "dfd" ||
         name == "olddfd" || name == "newdfd";
}

bool returns_fd(const SyscallEvent& e) {
  static const std::string_view calls[] = {"open",
                                           "openat",
                                           "openat2",
                                           "creat",
                                           "open_by_handle_at",
                                           "socket",
                                           "accept",
                                           "accept4",
                                           "dup",
                                           "dup2",
                                           "dup3",
                                           "pidfd_getfd",
                                           "open_tree",
                                           "fsopen",
                                           "fsmount",
                                           "fspick",
                                           "memfd_create",
                                           "memfd_secret",
                                           "mq_open",
                                           "landlock_create_ruleset"};
  for (auto c : calls)
    if (e.syscall == c)
      return true;
  if (e.syscall == "fcntl")
    return text_arg_has(e, "cmd", "F_DUPFD");
  return anon_name(e.syscall) != nullptr;
}

const FdEntry* FdTable::find(std::uint32_t pid, std::int64_t fd) const {
  auto p = procs_.find(pid);
  if (p == procs_.end())
    return nullptr;
  auto f = p->second.fds.find(fd);
  return f == p->second.fds.end() ? nullptr : &f->second;
}

void FdTable::make_room(std::uint32_t pid) {
  if (procs_.size() >= kMaxProcesses && !procs_.contains(pid))
    procs_.erase(procs_.begin());
}

void FdTable::learn(std::uint32_t pid, std::int64_t fd, FdEntry entry,
                    std::uint64_t since_ns) {
  make_room(pid);
  auto [p, added] = procs_.try_emplace(pid, Process{{}, since_ns});
  p->second.fds[fd] = std::move(entry);
}

void FdTable::inherit(std::uint32_t child, std::uint32_t parent,
                      std::uint64_t since_ns) {
  auto p = procs_.find(parent);
  if (procs_.contains(child) || p == procs_.end())
    return;
  Fds copy = p->second.fds; // make_room may forget the parent
  make_room(child);
  procs_[child] = Process{std::move(copy), since_ns};
}

void FdTable::apply(const SyscallEvent& e) {
  if (e.unfinished == Unfinished::NeverReturned ||
      e.unfinished == Unfinished::No)
    apply_process_change(e);
  if (e.unfinished != Unfinished::No || e.error || !e.return_value ||
      *e.return_value < 0)
    return;
  auto p = procs_.find(e.pid);
  if (p == procs_.end()) {
    if (!returns_fd(e))
      return;
    make_room(e.pid);
    p = procs_.emplace(e.pid, Process{{}, e.timestamp_ns}).first;
  }
  Fds& fds = p->second.fds;
  if (returns_fd(e))
    apply_new_fd(e, fds, *e.return_value);
  apply_socket_call(e, fds);
  apply_fd_changes(e, fds);
}

void FdTable::apply_new_fd(const SyscallEvent& e, Fds& fds, std::int64_t fd) {
  FdEntry n;
  n.cloexec = opened_cloexec(e);
  const SyscallArg* name = arg(e, "filename");
  if (!name)
    name = arg(e, "pathname");
  auto source = int_arg(e, e.syscall == "dup" ? "fildes" : "oldfd");
  if (e.syscall == "fcntl")
    source = int_arg(e, "fd");
  if (e.syscall.starts_with("dup") || e.syscall == "fcntl") {
    auto s = source ? fds.find(*source) : fds.end();
    if (s == fds.end()) {
      fds.erase(fd); // unknown source: what fd is now is unknown
      return;
    }
    n = s->second;
    n.cloexec = opened_cloexec(e);
  } else if (e.syscall == "socket") {
    n.kind = FdEntry::Kind::Socket;
    n.text = protocol(e);
  } else if (e.syscall.starts_with("accept")) {
    auto lfd = int_arg(e, "fd");
    auto l = lfd ? fds.find(*lfd) : fds.end();
    n.kind = FdEntry::Kind::Socket;
    n.text = l != fds.end() && l->second.kind == FdEntry::Kind::Socket
                 ? l->second.text
                 : "socket";
    if (l != fds.end())
      n.local = l->second.local;
    n.remote = address(arg(e, "upeer_sockaddr"));
  } else if (const char* anon = anon_name(e.syscall)) {
    n.text = anon;
  } else if (e.syscall == "memfd_create" && arg(e, "uname")) {
    n.text = "/memfd:" + arg(e, "uname")->text + " (deleted)";
  } else if (name && name->kind == SyscallArg::Kind::Path && !name->truncated) {
    auto dfd = int_arg(e, "dfd");
    auto d = dfd ? fds.find(*dfd) : fds.end();
    n.text = joined_path(d == fds.end() ? nullptr : &d->second, name->text);
  } else {
    fds.erase(fd);
    return;
  }
  fds[fd] = std::move(n);
}

// bind and getsockname set the local address (not bind's port 0: the
// kernel picks one, getsockname tells it), connect and getpeername the
// remote one.
void FdTable::apply_socket_call(const SyscallEvent& e, Fds& fds) {
  struct Call {
    std::string_view name, arg;
    bool local;
  };
  static const Call calls[] = {{"bind", "umyaddr", true},
                               {"getsockname", "usockaddr", true},
                               {"connect", "uservaddr", false},
                               {"getpeername", "usockaddr", false}};
  for (const Call& c : calls) {
    if (e.syscall != c.name)
      continue;
    auto fd = int_arg(e, "fd");
    auto s = fd ? fds.find(*fd) : fds.end();
    const SyscallArg* a = arg(e, c.arg);
    if (s == fds.end() || s->second.kind != FdEntry::Kind::Socket ||
        (a && a->kind == SyscallArg::Kind::Sockaddr && a->port == 0))
      return;
    if (std::string text = address(a); !text.empty())
      (c.local ? s->second.local : s->second.remote) = text;
  }
}

void FdTable::apply_fd_changes(const SyscallEvent& e, Fds& fds) {
  if (e.syscall == "close") {
    if (auto fd = int_arg(e, "fd"))
      fds.erase(*fd);
  } else if (e.syscall == "close_range") {
    auto lo = int_arg(e, "fd"), hi = int_arg(e, "max_fd");
    bool cloexec = int_arg(e, "flags").value_or(0) & 4; // CLOSE_RANGE_CLOEXEC
    if (!lo || !hi)
      return;
    for (auto it = fds.lower_bound(*lo);
         it != fds.end() && (*hi < 0 || it->first <= *hi);)
      if (cloexec) {
        it->second.cloexec = true;
        ++it;
      } else {
        it = fds.erase(it);
      }
  } else if (e.syscall == "fcntl" && text_arg_has(e, "cmd", "F_SETFD")) {
    auto fd = int_arg(e, "fd"), v = int_arg(e, "arg");
    auto f = fd ? fds.find(*fd) : fds.end();
    if (f != fds.end() && v)
      f->second.cloexec = *v & 1; // FD_CLOEXEC
  } else if (e.syscall == "execve" || e.syscall == "execveat") {
    std::erase_if(fds, [](const auto& f) { return f.second.cloexec; });
  }
}

void FdTable::apply_process_change(const SyscallEvent& e) {
  if (e.syscall == "exit_group") {
    procs_.erase(e.pid);
    return;
  }
  if (e.syscall == "exit") {
    if (e.tid != e.pid)
      procs_.erase(e.tid); // a thread's key from clone3, if any
    return;
  }
  bool fork = e.syscall == "fork" || e.syscall == "vfork" ||
              e.syscall == "clone" || e.syscall == "clone3";
  if (!fork || e.error || !e.return_value || *e.return_value <= 0 ||
      text_arg_has(e, "clone_flags", "CLONE_THREAD"))
    return;
  auto child = static_cast<std::uint32_t>(*e.return_value);
  // The child's events can arrive first (vfork: always): a table the
  // child made since the fork is its own; an older one is a dead
  // process's whose pid was reused.
  if (auto c = procs_.find(child);
      c != procs_.end() && c->second.since_ns >= e.timestamp_ns)
    return;
  procs_.erase(child);
  inherit(child, e.pid, e.timestamp_ns);
}

} // namespace sctrace::syscalls
