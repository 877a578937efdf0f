// mcp_config_app DIR: a program that fails because its configuration file
// is missing (scenario (a) of tests/mcp/scenarios.test.mjs). It reads
// /etc/hostname (succeeds), then opens DIR/app.conf, and when that fails
// says only "configuration error" and exits 1: the path is not in its
// output, the agent has to find it by tracing.
//
// Linked statically (tests/mcp/CMakeLists.txt): no dynamic loader, so the
// only failing calls are the ones written here.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: mcp_config_app DIR\n");
    return 2;
  }
  char buf[64];
  int fd = ::openat(AT_FDCWD, "/etc/hostname", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    if (::read(fd, buf, sizeof buf) < 0)
      return 3;
    ::close(fd);
  }
  std::string conf = std::string(argv[1]) + "/app.conf";
  fd = ::openat(AT_FDCWD, conf.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::fprintf(stderr, "configuration error\n");
    return 1;
  }
  ::close(fd);
  return 0;
}
