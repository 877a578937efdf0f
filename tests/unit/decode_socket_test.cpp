// Socket families, types and sockaddr bytes.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "decode/socket.h"

namespace sctrace::decode {
namespace {

template <typename T> std::string bytes_of(const T& value, std::size_t n) {
  return std::string(reinterpret_cast<const char*>(&value), n);
}

std::string inet(const char* ip, int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, ip, &a.sin_addr);
  return bytes_of(a, sizeof a);
}

std::string inet6(const char* ip, int port, std::uint32_t scope = 0) {
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  a.sin6_port = htons(static_cast<std::uint16_t>(port));
  a.sin6_scope_id = scope;
  inet_pton(AF_INET6, ip, &a.sin6_addr);
  return bytes_of(a, sizeof a);
}

std::string unix_path(std::string_view path) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::memcpy(a.sun_path, path.data(), path.size());
  return bytes_of(a, offsetof(sockaddr_un, sun_path) + path.size());
}

TEST(AddressFamily, renders_like_strace) {
  EXPECT_EQ(address_family(0), "AF_UNSPEC");
  EXPECT_EQ(address_family(1), "AF_UNIX");
  EXPECT_EQ(address_family(2), "AF_INET");
  EXPECT_EQ(address_family(10), "AF_INET6");
  EXPECT_EQ(address_family(12), "AF_DECnet");
  EXPECT_EQ(address_family(16), "AF_NETLINK");
  EXPECT_EQ(address_family(45), "AF_MCTP");
  EXPECT_EQ(address_family(46), "0x2e /* AF_??? */");
  EXPECT_EQ(address_family(-1), "0xffffffff /* AF_??? */");
}

TEST(SocketType, renders_like_strace) {
  EXPECT_EQ(socket_type(1), "SOCK_STREAM");
  EXPECT_EQ(socket_type(10), "SOCK_PACKET");
  EXPECT_EQ(socket_type(1 | 04000 | 02000000),
            "SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK");
  EXPECT_EQ(socket_type(2 | 02000000), "SOCK_DGRAM|SOCK_CLOEXEC");
  EXPECT_EQ(socket_type(0), "0");
  EXPECT_EQ(socket_type(0xb), "0xb /* SOCK_??? */");
  EXPECT_EQ(socket_type(0x10f), "0x10f /* SOCK_??? */");
  EXPECT_EQ(socket_type(1 | 0x100), "SOCK_STREAM|0x100 /* SOCK_??? */");
  EXPECT_EQ(socket_type(04000), "SOCK_NONBLOCK");
  EXPECT_EQ(socket_type(0xb | 04000), "SOCK_NONBLOCK|0xb");
  EXPECT_EQ(socket_type(-1), "SOCK_CLOEXEC|SOCK_NONBLOCK|0xfff7f7ff");
}

TEST(Sockaddr, renders_compact_addresses) {
  EXPECT_EQ(sockaddr(inet("127.0.0.1", 8080)), "127.0.0.1:8080");
  EXPECT_EQ(sockaddr(inet6("::1", 443)), "[::1]:443");
  EXPECT_EQ(sockaddr(inet6("fe80::1", 80, 2)), "[fe80::1%2]:80");
  EXPECT_EQ(sockaddr(inet6("::ffff:1.2.3.4", 80)), "[::ffff:1.2.3.4]:80");
  EXPECT_EQ(sockaddr(unix_path("/run/x.sock")), "/run/x.sock");
  EXPECT_EQ(sockaddr(unix_path("/run/x.sock") + std::string(5, '\0')),
            "/run/x.sock");
  EXPECT_EQ(sockaddr(unix_path(std::string("\0name", 5))), "@name");
  EXPECT_EQ(sockaddr(unix_path(std::string("\0a\0\n", 4))), "@a\\x00\\n");
  EXPECT_EQ(sockaddr(unix_path("")), "(unnamed)");
}

TEST(Sockaddr, is_total_on_odd_bytes) {
  EXPECT_EQ(sockaddr(""), "(truncated)");
  EXPECT_EQ(sockaddr(std::string("\x02", 1)), "(truncated)");
  EXPECT_EQ(sockaddr(inet("1.2.3.4", 1).substr(0, 7)), "family=2 (truncated)");
  EXPECT_EQ(sockaddr(inet6("::1", 1).substr(0, 20)), "family=10 (truncated)");
  std::string netlink = inet("1.2.3.4", 1);
  netlink[0] = 16;
  EXPECT_EQ(sockaddr(netlink), "family=16");
  for (std::size_t n = 0; n < 40; ++n)
    sockaddr(std::string(n, '\xff'));
}

TEST(Sockaddr, structured_fields) {
  SockAddr a = parse_sockaddr(inet("10.0.0.1", 53));
  EXPECT_EQ(a.family, AF_INET);
  EXPECT_EQ(a.ip, "10.0.0.1");
  EXPECT_EQ(a.port, 53);
  EXPECT_FALSE(a.truncated);
  SockAddr u = parse_sockaddr(unix_path(std::string("\0abs", 4)));
  EXPECT_EQ(u.family, AF_UNIX);
  EXPECT_TRUE(u.abstract);
  EXPECT_EQ(u.path, "abs");
  EXPECT_EQ(u.port, std::nullopt);
}

} // namespace
} // namespace sctrace::decode
