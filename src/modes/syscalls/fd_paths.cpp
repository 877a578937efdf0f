#include "modes/syscalls/fd_paths.h"

#include <arpa/inet.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cstring>
#include <fstream>

#include "util/strings.h"

namespace sctrace::syscalls {

namespace {

std::optional<std::uint64_t> socket_inode(std::string_view link) {
  constexpr std::string_view prefix = "socket:[";
  if (!link.starts_with(prefix) || !link.ends_with("]"))
    return std::nullopt;
  std::uint64_t inode = 0;
  auto body = link.substr(prefix.size(), link.size() - prefix.size() - 1);
  auto [p, ec] = std::from_chars(body.data(), body.data() + body.size(), inode);
  if (ec != std::errc() || p != body.data() + body.size())
    return std::nullopt;
  return inode;
}

// "0100007F:1538" (v4) or 32 hex digits (v6) and a hex port.
std::optional<std::string> address(std::string_view hex, bool v6) {
  auto colon = hex.find(':');
  if (colon == std::string_view::npos)
    return std::nullopt;
  auto host = hex.substr(0, colon), port_hex = hex.substr(colon + 1);
  unsigned port = 0;
  auto [pp, pe] = std::from_chars(port_hex.data(),
                                  port_hex.data() + port_hex.size(), port, 16);
  if (pe != std::errc() || host.size() != (v6 ? 32u : 8u))
    return std::nullopt;
  // /proc prints each 32-bit word in host order (little endian here).
  std::array<unsigned char, 16> bytes{};
  for (std::size_t w = 0; w < host.size() / 8; ++w) {
    std::uint32_t word = 0;
    auto part = host.substr(w * 8, 8);
    auto [p, e] =
        std::from_chars(part.data(), part.data() + part.size(), word, 16);
    if (e != std::errc())
      return std::nullopt;
    std::memcpy(bytes.data() + w * 4, &word, 4);
  }
  char text[INET6_ADDRSTRLEN] = {};
  if (!::inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), text, sizeof text))
    return std::nullopt;
  std::string out = v6 ? "[" + std::string(text) + "]" : std::string(text);
  return out + ":" + std::to_string(port);
}

} // namespace

std::optional<std::string> inet_socket_line(std::string_view line,
                                            std::uint64_t inode, bool v6) {
  // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
  std::vector<std::string> f;
  for (const auto& part : util::split(line, ' '))
    if (!part.empty())
      f.push_back(part);
  if (f.size() < 10 || f[9] != std::to_string(inode))
    return std::nullopt;
  auto local = address(f[1], v6), remote = address(f[2], v6);
  if (!local || !remote)
    return std::nullopt;
  bool no_peer = remote->ends_with(":0") && (remote->starts_with("0.0.0.0") ||
                                             remote->starts_with("[::]"));
  return no_peer ? *local : *local + " -> " + *remote;
}

bool is_fd_argument(std::string_view n) {
  for (std::string_view f : {"fd", "oldfd", "newfd", "fd_in", "fd_out", "in_fd",
                             "out_fd", "epfd", "ufd"})
    if (n == f)
      return true;
  return false;
}

std::optional<std::string> describe_fd(std::uint32_t pid, std::int64_t fd) {
  if (fd < 0 || pid == 0)
    return std::nullopt;
  std::string proc = "/proc/" + std::to_string(pid);
  char buf[4096];
  ssize_t n =
      ::readlink((proc + "/fd/" + std::to_string(fd)).c_str(), buf, sizeof buf);
  if (n <= 0)
    return std::nullopt;
  std::string link(buf, static_cast<std::size_t>(n));
  auto inode = socket_inode(link);
  if (!inode)
    return link;
  struct Table {
    const char* file;
    const char* label;
    bool v6;
  };
  for (const Table& t :
       {Table{"tcp", "TCP", false}, Table{"tcp6", "TCP", true},
        Table{"udp", "UDP", false}, Table{"udp6", "UDP", true}}) {
    std::ifstream in(proc + "/net/" + t.file);
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line))
      if (auto a = inet_socket_line(line, *inode, t.v6))
        return std::string(t.label) + " " + *a;
  }
  std::ifstream unix_in(proc + "/net/unix");
  std::string line;
  std::getline(unix_in, line);
  const std::string needle = " " + std::to_string(*inode);
  while (std::getline(unix_in, line)) {
    // Num RefCount Protocol Flags Type St Inode [Path]
    std::vector<std::string> f;
    for (const auto& part : util::split(line, ' '))
      if (!part.empty())
        f.push_back(part);
    if (f.size() >= 7 && f[6] == std::to_string(*inode))
      return "UNIX" + (f.size() >= 8 ? " " + f[7] : std::string());
  }
  return link;
}

} // namespace sctrace::syscalls
