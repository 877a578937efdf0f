// read_loop N: the workload of tests/bench/overhead.sh.
//
// Does N read(fd, buf, 1) system calls on /dev/zero and times the loop
// alone (CLOCK_MONOTONIC), so that process start-up, tracer attach and
// tracer shutdown never enter the figure. Prints to stderr:
//   ns_per_call=<float> calls=<N> cpu_ns_per_call=<float>
// cpu_ns_per_call is the thread's own CPU time (CLOCK_THREAD_CPUTIME_ID)
// over the loop: the work done in and for this thread (in-kernel probe
// work included), without the time it waited for a CPU, so it stays
// meaningful on a loaded machine where wall-clock time does not.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

double now_ns(clockid_t clock) {
  timespec ts{};
  ::clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s N\n", argv[0]);
    return 2;
  }
  char* end = nullptr;
  errno = 0;
  unsigned long long n = std::strtoull(argv[1], &end, 10);
  if (errno != 0 || end == argv[1] || *end != '\0' || n == 0) {
    std::fprintf(stderr, "read_loop: bad call count '%s'\n", argv[1]);
    return 2;
  }
  int fd = ::open("/dev/zero", O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::fprintf(stderr, "read_loop: open /dev/zero: %s\n",
                 std::strerror(errno));
    return 1;
  }
  char buf[1];
  double cpu_start = now_ns(CLOCK_THREAD_CPUTIME_ID);
  double start = now_ns(CLOCK_MONOTONIC);
  for (unsigned long long i = 0; i < n; ++i) {
    // The raw system call: no libc wrapper work beyond the trap itself.
    if (::syscall(SYS_read, fd, buf, 1) != 1) {
      std::fprintf(stderr, "read_loop: read failed at call %llu: %s\n", i,
                   std::strerror(errno));
      return 1;
    }
  }
  double elapsed = now_ns(CLOCK_MONOTONIC) - start;
  double cpu = now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu_start;
  ::close(fd);
  std::fprintf(stderr, "ns_per_call=%.2f calls=%llu cpu_ns_per_call=%.2f\n",
               elapsed / static_cast<double>(n), n,
               cpu / static_cast<double>(n));
  return 0;
}
