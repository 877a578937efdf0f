// fd descriptions for `sctrace slow`: /proc/net/{tcp,udp}[6] lines decoded
// by hand (each 32-bit word of an address is printed in host order, so on
// x86_64 its bytes come reversed; ports are big-endian hex), and a real fd
// of this process.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include "modes/syscalls/fd_paths.h"

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

TEST(SyscallsFdPaths, established_tcp_with_trailing_spaces) {
  // 10.0.2.15 is bytes 0A 00 02 0F: the word 0x0F02000A. Port 0016 = 22.
  // 10.0.2.2 is 0A 00 02 02: 0x0202000A. Port C822 = 51234. The kernel
  // pads lines with spaces, as here.
  const char* line = "   1: 0F02000A:0016 0202000A:C822 01 00000000:00000000 "
                     "02:000A7B2C 00000000     0        0 31337 4 "
                     "0000000000000000 20 4 29 10 -1                     ";
  EXPECT_EQ(inet_socket_line(line, 31337, false),
            "10.0.2.15:22 -> 10.0.2.2:51234");
  // Inodes compare whole: 3133 and 313370 are other sockets.
  EXPECT_FALSE(inet_socket_line(line, 3133, false));
  EXPECT_FALSE(inet_socket_line(line, 313370, false));
}

TEST(SyscallsFdPaths, udp_listener) {
  // systemd-resolved's 127.0.0.53:53: bytes 7F 00 00 35, word 0x3500007F.
  const char* line = "  760: 3500007F:0035 00000000:0000 07 00000000:00000000 "
                     "00:00000000 00000000   101        0 17618 2 "
                     "0000000000000000 0";
  EXPECT_EQ(inet_socket_line(line, 17618, false), "127.0.0.53:53");
}

TEST(SyscallsFdPaths, tcp6_v4_mapped_and_global_addresses) {
  // ::ffff:10.0.2.15 is 10 zero bytes, FF FF, 0A 00 02 0F: words 0, 0,
  // 0xFFFF0000, 0x0F02000A.
  const char* mapped = "   2: 0000000000000000FFFF00000F02000A:0016 "
                       "0000000000000000FFFF00000202000A:C822 01 "
                       "00000000:00000000 02:00000000 00000000     0        "
                       "0 4711 1 0000000000000000 20 4 30 10 -1";
  EXPECT_EQ(inet_socket_line(mapped, 4711, true),
            "[::ffff:10.0.2.15]:22 -> [::ffff:10.0.2.2]:51234");
  // 2001:db8::1 is 20 01 0D B8, 8 zero bytes, 00 00 00 01: words
  // 0xB80D0120, 0, 0, 0x01000000. fe80::1: FE 80 00 00 -> 0x000080FE.
  // Ports 0050 = 80, 01BB = 443.
  const char* global = "   3: B80D0120000000000000000001000000:0050 "
                       "000080FE000000000000000001000000:01BB 01 "
                       "00000000:00000000 00:00000000 00000000     0        "
                       "0 4712 1";
  EXPECT_EQ(inet_socket_line(global, 4712, true),
            "[2001:db8::1]:80 -> [fe80::1]:443");
  // A v6 line is not read as v4, nor the other way round.
  EXPECT_FALSE(inet_socket_line(global, 4712, false));
  const char* v4 = "   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 "
                   "00:00000000 00000000     0        0 99 1";
  EXPECT_FALSE(inet_socket_line(v4, 99, true));
}

TEST(SyscallsFdPaths, header_lines_give_nothing) {
  // The first line of /proc/net/tcp and tcp6.
  EXPECT_FALSE(inet_socket_line("  sl  local_address rem_address   st "
                                "tx_queue rx_queue tr tm->when retrnsmt   uid "
                                " timeout inode",
                                0, false));
  EXPECT_FALSE(inet_socket_line("  sl  local_address                         "
                                "remote_address                        st "
                                "tx_queue rx_queue tr tm->when retrnsmt   uid "
                                " timeout inode",
                                0, true));
}

TEST(SyscallsFdPaths, every_fd_argument_name) {
  for (const char* n : {"fd", "oldfd", "newfd", "fd_in", "fd_out", "in_fd",
                        "out_fd", "epfd", "ufd"})
    EXPECT_TRUE(is_fd_argument(n)) << n;
  for (const char* n : {"", "FD", "fds", "olddfd", "newdfd", "pidfd_x"})
    EXPECT_FALSE(is_fd_argument(n)) << n;
}

TEST(SyscallsFdPaths, a_pipe_of_this_process) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  auto d = describe_fd(static_cast<std::uint32_t>(::getpid()), p[0]);
  ::close(p[0]);
  ::close(p[1]);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->starts_with("pipe:[")) << *d;
  // No such process: nothing.
  EXPECT_FALSE(describe_fd(0, 0));
}

} // namespace
} // namespace sctrace::syscalls
