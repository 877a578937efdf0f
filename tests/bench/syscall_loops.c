/* syscall_loops [-w|-m] read|open N: the workloads of tests/bench/run.
 *
 *   read  N   N read(fd, buf, 1) calls on /dev/zero (fd opened before the loop)
 *   open  N   N openat(AT_FDCWD, "/etc/hostname", O_RDONLY) + close(fd) pairs
 *
 * Times the loop alone with CLOCK_MONOTONIC, so that process start-up,
 * tracer attach and tracer shutdown never enter the figure, and prints to
 * stderr, after the loop:
 *   pid=<tgid> mode=<read|open> calls=<syscalls in the loop> elapsed_ns=<ns>
 *   markers=<marker ticks, 0 without -m>
 * (calls is N for read, 2N for open). Nothing goes to stdout. Right after
 * the loop it calls getppid() once, a syscall it makes nowhere else: a
 * counter that shows it has counted the whole loop.
 *
 * -w: before the loop, wait for one byte on stdin (a pipe or FIFO), so that
 * a tracer that needs the pid (opensnoop -p PID) can attach to a process
 * that has not started its loop yet. The byte may be written at any time:
 * it waits in the pipe, so there is no race. End of file instead of the
 * byte means "abort": exit 3 without running the loop. The wait costs one
 * read() on fd 0, outside the timed loop.
 *
 * -m: like -w, but while it waits it makes a marker tick every millisecond:
 * openat(AT_FDCWD, "/dev/null", O_RDONLY), read(fd, buf, 2) on /dev/zero,
 * close, then poll() on stdin for up to 1 ms. A tracer attached by pid shows
 * its first event within about a millisecond of being ready, and marker
 * calls differ from loop calls (read count 2, not 1; /dev/null, not
 * /etc/hostname). The go byte is read with a 16-byte read().
 *
 * With -w or -m, after the loop and its line, it reads stdin (16-byte
 * reads) until end of file before it exits, so that a caller can stop a
 * tracer that ends when its -p target does (sctrace exporter, top) while
 * the target still runs. A caller that closes stdin after the go byte sees
 * no wait.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Marker ticks until stdin is readable (the go byte or end of file). */
static int marker_ticks(int zero, unsigned long long* ticks) {
  char two[2];
  struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
  for (;;) {
    int fd = openat(AT_FDCWD, "/dev/null", O_RDONLY);
    if (read(zero, two, 2) != 2 || fd < 0 || close(fd) != 0) {
      fprintf(stderr, "syscall_loops: marker tick failed: %s\n",
              strerror(errno));
      return 1;
    }
    ++*ticks;
    int ready = poll(&in, 1, 1);
    if (ready > 0)
      return 0;
    if (ready < 0 && errno != EINTR) {
      fprintf(stderr, "syscall_loops: poll on stdin: %s\n", strerror(errno));
      return 1;
    }
  }
}

static int usage(const char* argv0) {
  fprintf(stderr, "usage: %s [-w|-m] read|open N\n", argv0);
  return 2;
}

int main(int argc, char** argv) {
  int wait_go = 0, markers = 0;
  int argi = 1;
  if (argi < argc &&
      (strcmp(argv[argi], "-w") == 0 || strcmp(argv[argi], "-m") == 0)) {
    wait_go = 1;
    markers = argv[argi][1] == 'm';
    ++argi;
  }
  if (argc - argi != 2)
    return usage(argv[0]);

  const char* mode = argv[argi];
  int is_read = strcmp(mode, "read") == 0;
  if (!is_read && strcmp(mode, "open") != 0)
    return usage(argv[0]);
  char* end = NULL;
  errno = 0;
  unsigned long long n = strtoull(argv[argi + 1], &end, 10);
  if (errno != 0 || end == argv[argi + 1] || *end != '\0' || n == 0) {
    fprintf(stderr, "syscall_loops: bad call count '%s'\n", argv[argi + 1]);
    return 2;
  }

  int zero = -1;
  if (is_read || markers) {
    zero = open("/dev/zero", O_RDONLY | O_CLOEXEC);
    if (zero < 0) {
      fprintf(stderr, "syscall_loops: open /dev/zero: %s\n", strerror(errno));
      return 1;
    }
  }

  char buf[16];
  unsigned long long ticks = 0;
  if (markers && marker_ticks(zero, &ticks) != 0)
    return 1;
  if (wait_go) {
    ssize_t got;
    while ((got = read(STDIN_FILENO, buf, sizeof buf)) < 0 && errno == EINTR) {
    }
    if (got < 0) {
      fprintf(stderr, "syscall_loops: waiting on stdin: %s\n", strerror(errno));
      return 1;
    }
    if (got == 0)
      return 3; /* aborted by the caller */
  }

  long long start = now_ns();
  if (is_read) {
    for (unsigned long long i = 0; i < n; ++i) {
      if (read(zero, buf, 1) != 1) {
        fprintf(stderr, "syscall_loops: read failed at call %llu: %s\n", i,
                strerror(errno));
        return 1;
      }
    }
  } else {
    for (unsigned long long i = 0; i < n; ++i) {
      int fd = openat(AT_FDCWD, "/etc/hostname", O_RDONLY);
      if (fd < 0 || close(fd) != 0) {
        fprintf(stderr, "syscall_loops: open/close failed at pair %llu: %s\n",
                i, strerror(errno));
        return 1;
      }
    }
  }
  long long elapsed = now_ns() - start;
  getppid(); /* the end-of-loop fence (above) */

  if (zero >= 0)
    close(zero);
  fprintf(stderr, "pid=%ld mode=%s calls=%llu elapsed_ns=%lld markers=%llu\n",
          (long)getpid(), mode, is_read ? n : 2 * n, elapsed, ticks);
  if (wait_go) {
    ssize_t got;
    while ((got = read(STDIN_FILENO, buf, sizeof buf)) > 0 ||
           (got < 0 && errno == EINTR)) {
    }
  }
  return 0;
}
