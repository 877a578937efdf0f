// FdAnnotator: sctrace syscalls -y/-yy. Names each fd of an event the
// way strace -y/-yy prints it between < and >, from the FdTable (the
// trace's own calls) and, for an fd the table does not know (opened
// before the trace), from /proc/PID/fd/N when the event reaches sctrace.
//
// Contract:
//  - annotate(e) fills e.fd_paths with (argument name, name) for each
//    fd argument (is_fd_like_argument, a non-negative Int) it can name,
//    and ("return_value", name) for the fd a successful fd-returning
//    call returned; e.fd_path is the first of them (arguments in order,
//    then the returned fd).
//  - Arguments are named as the table was before the call, the returned
//    fd as it is after it (open's new fd, accept's connection).
//  - Names: a path as the table or /proc has it; anon_inode:[eventfd];
//    pipe:[N]; sockets with -y "socket:[INODE]" (INODE only from /proc,
//    else "socket:[?]"); with -yy "TCP:[L->R]", "TCP:[L]", "TCP:[->R]"
//    or "TCP:[]" (the addresses the trace's bind/connect/accept gave, or
//    /proc's), "UNIX-STREAM:[/run/x.sock]", "UNIX:[INODE]" from /proc.
//  - /proc is read after the call, so it may show a later fd of the same
//    number; it is not asked for the fd a successful close (or dup2/dup3's
//    newfd) closed, which can only be a later one.
//  - An fd neither knows stays a number; unresolved() counts them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "modes/syscalls/fd_table.h"
#include "modes/syscalls/syscall_event.h"

namespace sctrace::syscalls {

class FdAnnotator {
public:
  // level: 1 for -y, 2 for -yy.
  explicit FdAnnotator(int level) : level_(level) {}
  void annotate(SyscallEvent& e);
  // Learns every open fd of PID from /proc now: called when tracing
  // starts (the command waiting to be released, the -p processes), so
  // fds opened before the trace are named as they were then, not as
  // /proc shows them when a later event arrives.
  void snapshot(std::uint32_t pid);
  std::uint64_t unresolved() const { return unresolved_; }
  FdTable& table() { return table_; }

private:
  std::optional<std::string> name(std::uint32_t pid, std::int64_t fd,
                                  bool use_proc, std::uint64_t now_ns);
  FdTable table_;
  int level_;
  std::uint64_t unresolved_ = 0;
};

// An entry as -y (level 1) or -yy (level 2) prints it.
std::string fd_entry_name(const FdEntry& f, int level);

} // namespace sctrace::syscalls
