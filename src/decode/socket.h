// Socket arguments rendered as strace 6.1 prints them on x86_64, and a
// compact decoding of struct sockaddr bytes. Every function is total: any
// input gives a value, nothing throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sctrace::decode {

// "AF_INET" for 2, "AF_UNIX" for 1, "AF_DECnet" for 12; unknown families
// as strace prints them: "0x2e /* AF_??? */".
std::string address_family(int family);

// socket(2)'s type argument: "SOCK_STREAM", "SOCK_STREAM|SOCK_CLOEXEC|
// SOCK_NONBLOCK" (strace prints CLOEXEC first), "0" for 0, and strace's
// fallbacks for odd values: "0xb /* SOCK_??? */", "SOCK_NONBLOCK|0xb".
std::string socket_type(int type);

// A struct sockaddr taken apart. Fields that do not apply stay empty.
struct SockAddr {
  // sa_family, or -1 when raw is shorter than the family field.
  int family = -1;
  // AF_INET: "127.0.0.1"; AF_INET6: "::1", with "%N" for a scope id.
  std::string ip;
  // AF_INET/AF_INET6, host byte order.
  std::optional<std::uint16_t> port;
  // AF_UNIX: the path up to its first NUL, or for an abstract socket the
  // name after the leading NUL (which may hold any bytes).
  std::string path;
  bool abstract = false;
  // The bytes end before the family's fixed fields do.
  bool truncated = false;
};

// Decodes raw (the bytes the kernel was given, addrlen long). The family
// is read in host byte order, ports and addresses in network order.
SockAddr parse_sockaddr(std::string_view raw);

// One-line rendering of parse_sockaddr():
//   "127.0.0.1:8080", "[::1]:443", "[fe80::1%2]:80", "/run/x.sock",
//   "@name" (abstract; bytes escaped like output::append_c_escaped),
//   "(unnamed)" (AF_UNIX with no path), "family=N" for other families,
//   "(truncated)" / "family=N (truncated)" when raw is too short.
std::string sockaddr(std::string_view raw);

} // namespace sctrace::decode
