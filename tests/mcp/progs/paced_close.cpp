// mcp_paced_close N BATCH PAUSE_US: N x close(10000000 + i), i = 0..N-1,
// each failing with EBADF, in batches of BATCH calls with PAUSE_US
// microseconds of sleep between batches (paced, so that bpftrace keeps up
// and no event is dropped on a loaded machine). Each event carries its
// sequence number in its fd argument: tests/mcp/paging.test.mjs checks
// that paging returns every one exactly once.
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: mcp_paced_close N BATCH PAUSE_US\n");
    return 2;
  }
  long n = std::strtol(argv[1], nullptr, 10);
  long batch = std::strtol(argv[2], nullptr, 10);
  long pause_us = std::strtol(argv[3], nullptr, 10);
  if (n < 0 || batch < 1 || pause_us < 0)
    return 2;
  timespec pause = {pause_us / 1000000, (pause_us % 1000000) * 1000};
  for (long i = 0; i < n; ++i) {
    if (::syscall(SYS_close, 10000000L + i) != -1 || errno != EBADF)
      return 3;
    if ((i + 1) % batch == 0 && i + 1 < n)
      ::nanosleep(&pause, nullptr);
  }
  return 0;
}
