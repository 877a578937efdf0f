// FdTable: what each traced process's file descriptors refer to, learned
// from the trace's own calls (sctrace syscalls -y/-yy), so an fd is
// named even when the process has closed it or exited by the time the
// event reaches sctrace and /proc/PID/fd/N is gone.
//
// Contract:
//  - apply(e) updates the table with one decoded event, in the order
//    sctrace receives events; only calls that succeeded change it.
//  - open/openat/openat2/creat/open_by_handle_at: the returned fd is the
//    filename argument as the call gave it; a relative name under a dfd
//    the table knows as an absolute path is joined to it (lexically: no
//    symlink or ".." resolution); otherwise kept as given.
//  - socket: the protocol ("TCP", "UDPv6", "UNIX-STREAM", ...); bind
//    (not to port 0) and getsockname set its local address, connect and
//    getpeername its remote one; accept/accept4 give the new fd the
//    listener's protocol and local address and the peer's address.
//  - eventfd, epoll_create, timerfd_create, signalfd, inotify_init,
//    memfd_create, pidfd_open, ...: the kernel's anon_inode name.
//  - dup/dup2/dup3/fcntl(F_DUPFD*) copy an entry, close/close_range
//    remove entries, execve drops the entries opened with a CLOEXEC flag
//    (or fcntl F_SETFD FD_CLOEXEC), exit_group forgets the process, and
//    fork/vfork/clone (not CLONE_THREAD) give the child a copy of the
//    parent's table, unless the child's own events (which can arrive
//    before the parent's fork returns: vfork) began a table since the
//    fork; an older table is a reused pid's, and is replaced.
//  - learn() records what /proc said about an fd the table did not know,
//    so later events of the same fd need no /proc.
//  - At most kMaxProcesses processes are kept (a process killed without
//    exit_group is not seen to end): past it, one is forgotten to make
//    room, and its fds are then read from /proc again.
// Keys are the thread-group id (SyscallEvent::pid): fds are per process.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

#include "modes/syscalls/syscall_event.h"

namespace sctrace::syscalls {

struct FdEntry {
  enum class Kind { Path, Socket, Proc };
  Kind kind = Kind::Path;
  // Path: the path (or anon_inode:[...]). Socket: the protocol label.
  // Proc: /proc/PID/fd/N's link ("socket:[123]", "pipe:[4]", a path).
  std::string text;
  std::string local, remote; // Socket: "127.0.0.1:80", "/run/x.sock"
  std::string detail;        // Proc: describe_fd()'s text, when a socket
  bool cloexec = false;
};

class FdTable {
public:
  static constexpr std::size_t kMaxProcesses = 32768;
  // The entry for PID's FD, or nullptr.
  const FdEntry* find(std::uint32_t pid, std::int64_t fd) const;
  void apply(const SyscallEvent& e);
  // SINCE_NS: when the process's table begins, if LEARN makes it.
  void learn(std::uint32_t pid, std::int64_t fd, FdEntry entry,
             std::uint64_t since_ns = 0);
  // CHILD (with no table yet) gets a copy of PARENT's, if it has one.
  void inherit(std::uint32_t child, std::uint32_t parent,
               std::uint64_t since_ns);
  bool has(std::uint32_t pid) const { return procs_.contains(pid); }
  // The process has exited (a process exit event: also when killed).
  void forget(std::uint32_t pid) { procs_.erase(pid); }
  // An empty table for PID if it has none (older than any fork of it).
  void begin(std::uint32_t pid) {
    make_room(pid);
    procs_.try_emplace(pid);
  }
  std::size_t processes() const { return procs_.size(); }

private:
  using Fds = std::map<std::int64_t, FdEntry>;
  void apply_new_fd(const SyscallEvent& e, Fds& fds, std::int64_t fd);
  void apply_socket_call(const SyscallEvent& e, Fds& fds);
  void apply_fd_changes(const SyscallEvent& e, Fds& fds);
  void apply_process_change(const SyscallEvent& e);
  void make_room(std::uint32_t pid);
  struct Process {
    Fds fds;
    std::uint64_t since_ns = 0; // the event that began the table
  };
  std::unordered_map<std::uint32_t, Process> procs_;
};

// An argument of this name holds a file descriptor (fd_paths.h's names,
// dup's fildes, and the *at calls' dfd, olddfd and newdfd).
bool is_fd_like_argument(std::string_view name);

// The syscalls whose events change an FdTable, as an -e trace= list:
// with -y and a selection, sctrace traces them too to keep the table
// right, and shows only the selected ones.
inline constexpr const char* kFdTableSyscalls =
    "open,openat,openat2,creat,open_by_handle_at,close,close_range,dup,"
    "dup2,dup3,fcntl,socket,accept,accept4,bind,connect,getsockname,"
    "getpeername,execve,execveat,clone,clone3,fork,vfork,exit,exit_group,"
    "eventfd,eventfd2,epoll_create,epoll_create1,timerfd_create,signalfd,"
    "signalfd4,inotify_init,inotify_init1,memfd_create,pidfd_open,"
    "userfaultfd,perf_event_open,io_uring_setup,fanotify_init";

// Whether a successful call of this name returns a new fd (open, socket,
// dup, accept, eventfd, ...; fcntl only for F_DUPFD and F_DUPFD_CLOEXEC).
bool returns_fd(const SyscallEvent& e);

} // namespace sctrace::syscalls
