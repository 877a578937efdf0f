// mcp_slow_app FAST SLOW MS: a program that is slow because of one kind of
// call (scenario (b) of tests/mcp/scenarios.test.mjs). It makes FAST
// getppid calls and FAST one-byte reads of /dev/zero, and SLOW poll calls
// on an empty pipe that each time out after MS milliseconds, interleaved.
// Every call is made with syscall(2), so each is exactly the syscall named
// (no libc substitution such as ppoll for poll).
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: mcp_slow_app FAST SLOW MS\n");
    return 2;
  }
  long fast = std::strtol(argv[1], nullptr, 10);
  long slow = std::strtol(argv[2], nullptr, 10);
  long ms = std::strtol(argv[3], nullptr, 10);
  int zero = ::open("/dev/zero", O_RDONLY | O_CLOEXEC);
  int p[2];
  if (zero < 0 || ::pipe(p) != 0)
    return 3;
  char c;
  long done_slow = 0;
  for (long i = 0; i < fast; ++i) {
    ::syscall(SYS_getppid);
    if (::syscall(SYS_read, zero, &c, 1) != 1)
      return 4;
    // The slow calls spread over the fast ones.
    if (done_slow < slow && i >= fast / (slow + 1) * (done_slow + 1)) {
      pollfd pfd = {p[0], POLLIN, 0};
      if (::syscall(SYS_poll, &pfd, 1, static_cast<int>(ms)) != 0)
        return 5;
      ++done_slow;
    }
  }
  for (; done_slow < slow; ++done_slow) {
    pollfd pfd = {p[0], POLLIN, 0};
    if (::syscall(SYS_poll, &pfd, 1, static_cast<int>(ms)) != 0)
      return 5;
  }
  return 0;
}
