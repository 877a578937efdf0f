// fd descriptions for `sctrace slow`: /proc/net/tcp lines decoded by hand
// (addresses are 32-bit words in host order, ports in hex), and a real fd
// of this process.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include "syscalls/fd_paths.h"

namespace sctrace::syscalls {
namespace {

TEST(SyscallsFdPaths, tcp_line_with_a_peer) {
  // 127.0.0.1:5432 -> 127.0.0.1:40000: 0100007F is 127.0.0.1 little
  // endian, 1538 is 5432, 9C40 is 40000. Inode 123456.
  const char* line = "   3: 0100007F:1538 0100007F:9C40 01 00000000:00000000 "
                     "00:00000000 00000000     0        0 123456 1 "
                     "0000000000000000 20 4 30 10 -1";
  EXPECT_EQ(inet_socket_line(line, 123456, false),
            "127.0.0.1:5432 -> 127.0.0.1:40000");
  EXPECT_FALSE(inet_socket_line(line, 123457, false)); // another inode
}

TEST(SyscallsFdPaths, listening_socket_has_no_peer) {
  // 0.0.0.0:53 listening: remote 00000000:0000. 0035 is 53.
  const char* line = "   0: 00000000:0035 00000000:0000 0A 00000000:00000000 "
                     "00:00000000 00000000     0        0 777 1";
  EXPECT_EQ(inet_socket_line(line, 777, false), "0.0.0.0:53");
}

TEST(SyscallsFdPaths, tcp6_line) {
  // ::1 is 15 zero bytes then 1: as four host-order words the last word
  // 01000000 holds bytes 00 00 00 01. Port 01BB is 443.
  const char* line = "   0: 00000000000000000000000001000000:01BB "
                     "00000000000000000000000000000000:0000 0A 00000000:"
                     "00000000 00:00000000 00000000     0        0 4242 1";
  EXPECT_EQ(inet_socket_line(line, 4242, true), "[::1]:443");
}

TEST(SyscallsFdPaths, malformed_lines_give_nothing) {
  EXPECT_FALSE(inet_socket_line("", 1, false));
  EXPECT_FALSE(inet_socket_line("sl local_address rem_address st", 1, false));
  EXPECT_FALSE(inet_socket_line("0: XYZ:1 0:0 0 0 0 0 0 0 1", 1, false));
}

TEST(SyscallsFdPaths, an_open_file_of_this_process) {
  char path[] = "/tmp/sctrace-fd-test-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(describe_fd(static_cast<std::uint32_t>(::getpid()), fd), path);
  ::close(fd);
  ::unlink(path);
  // Closed: no description, not a stale one.
  EXPECT_FALSE(describe_fd(static_cast<std::uint32_t>(::getpid()), fd));
  EXPECT_FALSE(describe_fd(static_cast<std::uint32_t>(::getpid()), -1));
}

TEST(SyscallsFdPaths, fd_argument_names) {
  EXPECT_TRUE(is_fd_argument("fd"));
  EXPECT_TRUE(is_fd_argument("out_fd"));
  EXPECT_TRUE(is_fd_argument("epfd"));
  EXPECT_FALSE(is_fd_argument("dfd")); // a directory fd: AT_FDCWD mostly
  EXPECT_FALSE(is_fd_argument("count"));
}

} // namespace
} // namespace sctrace::syscalls
