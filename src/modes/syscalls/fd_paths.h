// What a process's file descriptor refers to, as an SRE wants to read it:
// the file's path, or for a socket its protocol and addresses.
//
// Read from /proc/PID/fd/N when the event reaches sctrace, so it is what
// the fd refers to then: an fd closed in between gives nullopt, never a
// guess. Sockets are looked up by inode in /proc/PID/net/{tcp,tcp6,udp,
// udp6,unix}; an unknown kind stays "socket:[INODE]".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sctrace::syscalls {

// "/var/lib/x", "pipe:[123]", "TCP 127.0.0.1:5432 -> 127.0.0.1:40000",
// "UDP 0.0.0.0:53", "UNIX /run/x.sock", "anon_inode:[eventfd]".
std::optional<std::string> describe_fd(std::uint32_t pid, std::int64_t fd);

// Whether an argument of this name holds a file descriptor.
bool is_fd_argument(std::string_view name);

// A line of /proc/net/{tcp,udp}[6] ("  0: 0100007F:1538 ...") as
// "127.0.0.1:5432 -> 127.0.0.1:40000" (no remote when it is 0:0), when its
// inode is `inode`.
std::optional<std::string> inet_socket_line(std::string_view line,
                                            std::uint64_t inode, bool v6);

} // namespace sctrace::syscalls
