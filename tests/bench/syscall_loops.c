/* syscall_loops [-w|-m] read|open|send N: the workloads of tests/bench/run.
 * syscall_loops [-w|-m] -r RATE -d SECONDS: the paced one of
 * tests/bench/sustained.
 *
 *   read  N   N read(fd, buf, 1) calls on /dev/zero (fd opened before the loop)
 *   open  N   N openat(AT_FDCWD, "/etc/hostname", O_RDONLY) + close(fd) pairs
 *   send  N   N send(a, buf, 1, 0) + recv(b, buf, 1, 0) pairs on an AF_UNIX
 *             datagram socketpair made before the loop: sendto and recvfrom
 *             without an address
 *   -r RATE -d SECONDS
 *             read(fd, buf, 1) calls on /dev/zero at RATE calls/s for
 *             SECONDS: RATE*SECONDS calls, paced in batches of RATE/1000
 *             (at least 1) against CLOCK_MONOTONIC: a batch runs when it is
 *             due (call k is due k/RATE s after the start) and the loop
 *             sleeps (clock_nanosleep, TIMER_ABSTIME) until the next one.
 *             A workload slowed down below RATE (a ptrace tracer) never
 *             sleeps and stops at the deadline, SECONDS after the start,
 *             with fewer calls. Its line (below) is mode=paced and adds
 *             target=<RATE> rate=<calls per second achieved>.
 *
 * Times the loop alone with CLOCK_MONOTONIC, so that process start-up,
 * tracer attach and tracer shutdown never enter the figure, and prints to
 * stderr, after the loop:
 *   pid=<tgid> mode=<read|open|send> calls=<syscalls in the loop>
 *   elapsed_ns=<ns>
 *   cpu_ns=<the loop's own CPU time, user and kernel: CLOCK_THREAD_CPUTIME_ID>
 *   markers=<marker ticks, 0 without -m>
 * (calls is N for read, 2N for open and send, the calls made for paced).
 * Nothing goes to stdout. Right after the loop it calls getppid() once, a
 * syscall it makes nowhere else: a counter that shows it has counted the
 * whole loop.
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
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long clock_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long now_ns(void) { return clock_ns(CLOCK_MONOTONIC); }

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

/* The paced loop: read(zero, buf, 1) at RATE calls/s until RATE*SECONDS
 * calls are made or SECONDS have passed. Returns the calls made, or -1
 * (message printed) when a read fails. */
static long long paced_reads(int zero, unsigned long long rate,
                             unsigned long long seconds, long long start) {
  char buf[1];
  unsigned long long total = rate * seconds, made = 0;
  unsigned long long batch = rate / 1000 ? rate / 1000 : 1;
  long long deadline = start + (long long)seconds * 1000000000LL;
  while (made < total) {
    long long now = now_ns();
    if (now >= deadline)
      break;
    /* Calls due by now, one batch ahead: batch j runs at (j*batch)/rate. */
    unsigned __int128 due =
        (unsigned __int128)(now - start) * rate / 1000000000ULL + batch;
    if (due > total)
      due = total;
    if (made >= due) {
      long long next =
          start + (long long)((unsigned __int128)(made - batch + 1) *
                              1000000000ULL / rate);
      struct timespec ts = {.tv_sec = next / 1000000000LL,
                            .tv_nsec = next % 1000000000LL};
      clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
      continue;
    }
    unsigned long long stop = made + batch < due ? made + batch : due;
    for (; made < stop; ++made) {
      if (read(zero, buf, 1) != 1) {
        fprintf(stderr, "syscall_loops: read failed at call %llu: %s\n", made,
                strerror(errno));
        return -1;
      }
    }
  }
  return (long long)made;
}

/* N x (send 1 byte on PAIR[0], receive it on PAIR[1]); 1 (message
 * printed) when a call fails. */
static int send_loop(const int pair[2], unsigned long long n) {
  char c = 'x';
  for (unsigned long long i = 0; i < n; ++i) {
    if (send(pair[0], &c, 1, 0) != 1 || recv(pair[1], &c, 1, 0) != 1) {
      fprintf(stderr, "syscall_loops: send/recv failed at pair %llu: %s\n", i,
              strerror(errno));
      return 1;
    }
  }
  return 0;
}

static int usage(const char* argv0) {
  fprintf(stderr,
          "usage: %s [-w|-m] read|open|send N\n"
          "       %s [-w|-m] -r RATE -d SECONDS\n",
          argv0, argv0);
  return 2;
}

/* A positive integer argument, or 0 (message printed). */
static unsigned long long positive(const char* what, const char* text) {
  char* end = NULL;
  errno = 0;
  unsigned long long n = strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || n == 0 || text[0] == '-') {
    fprintf(stderr, "syscall_loops: bad %s '%s'\n", what, text);
    return 0;
  }
  return n;
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
  unsigned long long rate = 0, seconds = 0, n = 0;
  int paced = argc - argi == 4 && strcmp(argv[argi], "-r") == 0 &&
              strcmp(argv[argi + 2], "-d") == 0;
  if (paced) {
    rate = positive("rate", argv[argi + 1]);
    seconds = positive("duration", argv[argi + 3]);
    if (rate == 0 || seconds == 0)
      return 2;
  } else if (argc - argi != 2) {
    return usage(argv[0]);
  }

  const char* mode = paced ? "paced" : argv[argi];
  int is_read = paced || strcmp(mode, "read") == 0;
  int is_send = strcmp(mode, "send") == 0;
  if (!is_read && !is_send && strcmp(mode, "open") != 0)
    return usage(argv[0]);
  if (!paced) {
    char* end = NULL;
    errno = 0;
    n = strtoull(argv[argi + 1], &end, 10);
    if (errno != 0 || end == argv[argi + 1] || *end != '\0' || n == 0) {
      fprintf(stderr, "syscall_loops: bad call count '%s'\n", argv[argi + 1]);
      return 2;
    }
  }

  int zero = -1;
  if (is_read || markers) {
    zero = open("/dev/zero", O_RDONLY | O_CLOEXEC);
    if (zero < 0) {
      fprintf(stderr, "syscall_loops: open /dev/zero: %s\n", strerror(errno));
      return 1;
    }
  }

  int pair[2] = {-1, -1};
  if (is_send && socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair) != 0) {
    fprintf(stderr, "syscall_loops: socketpair: %s\n", strerror(errno));
    return 1;
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

  long long cpu_start = clock_ns(CLOCK_THREAD_CPUTIME_ID);
  long long start = now_ns();
  if (paced) {
    long long made = paced_reads(zero, rate, seconds, start);
    if (made < 0)
      return 1;
    n = (unsigned long long)made;
  } else if (is_read) {
    for (unsigned long long i = 0; i < n; ++i) {
      if (read(zero, buf, 1) != 1) {
        fprintf(stderr, "syscall_loops: read failed at call %llu: %s\n", i,
                strerror(errno));
        return 1;
      }
    }
  } else if (is_send) {
    if (send_loop(pair, n) != 0)
      return 1;
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
  long long cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu_start;
  getppid(); /* the end-of-loop fence (above) */

  if (zero >= 0)
    close(zero);
  if (is_send) {
    close(pair[0]);
    close(pair[1]);
  }
  /* One write: a tracer counting 1-byte calls must not see the newline. */
  char extra[96] = "";
  if (paced)
    snprintf(extra, sizeof extra, " target=%llu rate=%.0f", rate,
             elapsed > 0 ? (double)n * 1e9 / (double)elapsed : 0.0);
  fprintf(stderr,
          "pid=%ld mode=%s calls=%llu elapsed_ns=%lld cpu_ns=%lld "
          "markers=%llu%s\n",
          (long)getpid(), mode, is_read ? n : 2 * n, elapsed, cpu, ticks,
          extra);
  if (wait_go) {
    ssize_t got;
    while ((got = read(STDIN_FILENO, buf, sizeof buf)) > 0 ||
           (got < 0 && errno == EINTR)) {
    }
  }
  return 0;
}
