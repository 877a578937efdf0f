// Fuzz target: the struct sockaddr decoder (decode::parse_sockaddr,
// decode::sockaddr), which takes bytes copied from a traced process, and
// the socket(2) argument names (decode::address_family, socket_type).
//
// Input: raw sockaddr bytes (the first 4 bytes also serve as the family
// and type integers).
// Invariants:
//  - family is -1 exactly when the input is shorter than sa_family;
//  - AF_INET and AF_INET6 addresses that are not truncated have a port and
//    an address that inet_pton accepts (without a "%scope"), and render as
//    "ip:port" or "[ip]:port";
//  - an AF_UNIX path that is not abstract holds no NUL byte;
//  - every rendering is non-empty and holds no control byte (C0 or DEL):
//    abstract names and paths are escaped.
#include <arpa/inet.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "decode/socket.h"
#include "fuzz_check.h"

using namespace sctrace;

namespace {

void require_no_controls(const std::string& s) {
  FUZZ_REQUIRE(!s.empty(), "empty rendering");
  for (unsigned char c : s)
    FUZZ_REQUIRE(c >= 0x20 && c != 0x7f, "control byte in " + s);
}

void check_ip(const decode::SockAddr& a, const std::string& text) {
  FUZZ_REQUIRE(a.port.has_value(), "no port: " + text);
  std::string ip = a.ip.substr(0, a.ip.find('%'));
  unsigned char buf[16];
  FUZZ_REQUIRE(inet_pton(a.family, ip.c_str(), buf) == 1, "bad ip " + a.ip);
  std::string port = ":" + std::to_string(*a.port);
  std::string want =
      a.family == AF_INET ? a.ip + port : "[" + a.ip + "]" + port;
  FUZZ_REQUIRE(text == want, text + " is not " + want);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto taken = fuzz::take_input(data, size, 4096);
  if (!taken)
    return 0;
  std::string_view input = *taken;
  auto a = decode::parse_sockaddr(input);
  std::string text = decode::sockaddr(input);
  require_no_controls(text);
  FUZZ_REQUIRE((a.family == -1) == (size < sizeof(sa_family_t)),
               "family " + std::to_string(a.family));
  if ((a.family == AF_INET || a.family == AF_INET6) && !a.truncated)
    check_ip(a, text);
  if (a.family == AF_UNIX && !a.abstract)
    FUZZ_REQUIRE(a.path.find('\0') == std::string::npos, "NUL in path");
  if (size >= 4) {
    std::int32_t n = 0;
    std::memcpy(&n, data, sizeof n);
    require_no_controls(decode::address_family(n));
    require_no_controls(decode::socket_type(n));
  }
  return 0;
}
