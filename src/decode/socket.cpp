#include "decode/socket.h"

#include <arpa/inet.h>
#include <cstring>
#include <sys/socket.h>

#include "decode/flags.h"
#include "output/escape.h"

namespace sctrace::decode {
namespace {

// Index is the family number (0..45), as strace 6.1 names them.
constexpr std::string_view kFamilies[] = {
    "AF_UNSPEC",    "AF_UNIX",       "AF_INET",    "AF_AX25",    "AF_IPX",
    "AF_APPLETALK", "AF_NETROM",     "AF_BRIDGE",  "AF_ATMPVC",  "AF_X25",
    "AF_INET6",     "AF_ROSE",       "AF_DECnet",  "AF_NETBEUI", "AF_SECURITY",
    "AF_KEY",       "AF_NETLINK",    "AF_PACKET",  "AF_ASH",     "AF_ECONET",
    "AF_ATMSVC",    "AF_RDS",        "AF_SNA",     "AF_IRDA",    "AF_PPPOX",
    "AF_WANPIPE",   "AF_LLC",        "AF_IB",      "AF_MPLS",    "AF_CAN",
    "AF_TIPC",      "AF_BLUETOOTH",  "AF_IUCV",    "AF_RXRPC",   "AF_ISDN",
    "AF_PHONET",    "AF_IEEE802154", "AF_CAIF",    "AF_ALG",     "AF_NFC",
    "AF_VSOCK",     "AF_KCM",        "AF_QIPCRTR", "AF_SMC",     "AF_XDP",
    "AF_MCTP",
};

constexpr std::uint32_t kTypeMask = 0xf;

// socket types by number; gaps (7..9) are empty.
constexpr std::string_view kTypes[] = {
    "",
    "SOCK_STREAM",
    "SOCK_DGRAM",
    "SOCK_RAW",
    "SOCK_RDM",
    "SOCK_SEQPACKET",
    "SOCK_DCCP",
    "",
    "",
    "",
    "SOCK_PACKET",
};

constexpr FlagName kTypeFlags[] = {
    {02000000, "SOCK_CLOEXEC"},
    {00004000, "SOCK_NONBLOCK"},
};

constexpr std::size_t kFamilySize = sizeof(sa_family_t);
constexpr std::size_t kInetSize = 8;   // family, port, 4-byte address
constexpr std::size_t kInet6Size = 24; // family .. 16-byte address
constexpr std::size_t kScopeOffset = 24;

std::uint16_t read_be16(std::string_view raw, std::size_t at) {
  auto hi = static_cast<unsigned char>(raw[at]);
  auto lo = static_cast<unsigned char>(raw[at + 1]);
  return static_cast<std::uint16_t>((hi << 8) | lo);
}

std::string ntop(int family, const char* bytes) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(family, bytes, buf, sizeof buf) == nullptr)
    return "?";
  return buf;
}

void parse_inet(std::string_view raw, SockAddr& out) {
  if (raw.size() < kInetSize) {
    out.truncated = true;
    return;
  }
  out.port = read_be16(raw, 2);
  out.ip = ntop(AF_INET, raw.data() + 4);
}

void parse_inet6(std::string_view raw, SockAddr& out) {
  if (raw.size() < kInet6Size) {
    out.truncated = true;
    return;
  }
  out.port = read_be16(raw, 2);
  out.ip = ntop(AF_INET6, raw.data() + 8);
  if (raw.size() >= kScopeOffset + 4) {
    std::uint32_t scope = 0;
    std::memcpy(&scope, raw.data() + kScopeOffset, sizeof scope);
    if (scope != 0)
      out.ip += "%" + std::to_string(scope);
  }
}

void parse_unix(std::string_view raw, SockAddr& out) {
  std::string_view path = raw.substr(kFamilySize);
  if (!path.empty() && path.front() == '\0') {
    out.abstract = true;
    out.path = std::string(path.substr(1));
    return;
  }
  out.path = std::string(path.substr(0, path.find('\0')));
}

} // namespace

std::string address_family(int family) {
  if (family >= 0 && static_cast<std::size_t>(family) < std::size(kFamilies))
    return std::string(kFamilies[family]);
  return hex(static_cast<std::uint32_t>(family)) + " /* AF_??? */";
}

std::string socket_type(int type) {
  auto value = static_cast<std::uint32_t>(type);
  std::uint32_t base = value & kTypeMask;
  std::string out;
  // strace names the base type only when it is a known one; otherwise the
  // whole value, base bits included, goes through the flag table.
  if (base < std::size(kTypes) && !kTypes[base].empty()) {
    out.append(kTypes[base]);
    std::uint32_t rest = value & ~kTypeMask;
    if (rest != 0) {
      out.push_back('|');
      append_flags(out, rest, kTypeFlags, "SOCK_");
    }
    return out;
  }
  append_flags(out, value, kTypeFlags, "SOCK_");
  return out;
}

SockAddr parse_sockaddr(std::string_view raw) {
  SockAddr out;
  if (raw.size() < kFamilySize) {
    out.truncated = true;
    return out;
  }
  sa_family_t family = 0;
  std::memcpy(&family, raw.data(), sizeof family);
  out.family = family;
  switch (family) {
  case AF_INET:
    parse_inet(raw, out);
    break;
  case AF_INET6:
    parse_inet6(raw, out);
    break;
  case AF_UNIX:
    parse_unix(raw, out);
    break;
  default:
    break;
  }
  return out;
}

std::string sockaddr(std::string_view raw) {
  SockAddr a = parse_sockaddr(raw);
  if (a.family < 0)
    return "(truncated)";
  std::string family = "family=" + std::to_string(a.family);
  if (a.truncated)
    return family + " (truncated)";
  switch (a.family) {
  case AF_INET:
    return a.ip + ":" + std::to_string(*a.port);
  case AF_INET6:
    return "[" + a.ip + "]:" + std::to_string(*a.port);
  case AF_UNIX: {
    if (!a.abstract && a.path.empty())
      return "(unnamed)";
    std::string out = a.abstract ? "@" : "";
    output::append_c_escaped(out, a.path);
    return out;
  }
  default:
    return family;
  }
}

} // namespace sctrace::decode
