// sctrace_workload: makes syscalls and calls whose number, arguments and
// results the live tests know in advance.
//
//   open N PATH           N x openat(AT_FDCWD, PATH, O_RDONLY|O_CLOEXEC)+close
//   open_legacy N PATH    N x open(PATH, O_RDONLY|O_CLOEXEC) (the open
//                         syscall, not openat) + close
//   fail_open N           N x openat of a missing path (ENOENT) and N x
//                         openat("/", O_WRONLY) (EISDIR)
//   write N SIZE          N x write(1, buf, SIZE)
//   reads                 reads from /dev/zero with sizes 100, 2000, 512,
//                         4096, 1024, 1025 (three are > 1024)
//   burst N               N x getppid()
//   malloc N SIZE         N x malloc(SIZE) (+ free), plus N x malloc(16)
//   func N                N x sctrace_test_fn(i) (returns i * 3 + 1)
//   usdt N                N x USDT probes sctrace_test:tick(i, i * 2) and
//                         sctrace-test:test-probe(i * 3)
//   hostile DIR           creates and opens files with hostile names
//   sleep MS              sleeps, then exits
//   exit CODE             exits with CODE
//
// Modes for the `sctrace syscalls` live tests (tests/live/syscalls_*):
//
//   counts                4 x (openat /etc/hostname, read 64, close),
//                         3 x openat of a missing path (ENOENT),
//                         5 x write(1, "x", 1), 7 x getppid, 2 x stat("/")
//   two_paths DIR         in DIR (its working directory): creates a, then
//                         rename(a, b), renameat(b, c), renameat2(c, d,
//                         RENAME_NOREPLACE), symlink(d, s), symlinkat(d,
//                         s2), link(d, h), linkat(h, h2), all returning 0
//   open_args DIR         openat(DIR/created, O_WRONLY|O_CREAT|O_TRUNC|
//                         O_CLOEXEC, 0640), openat(DIR/missing, O_RDONLY)
//                         (ENOENT), openat(DIR, O_RDONLY|O_DIRECTORY)
//   files DIR             one each of many %file calls (and some others)
//   sleeps                2 x sleep 100 ms, 3 x sleep 1 ms, 10 x getppid
//   hostile_paths DIR     hostile DIR, then a path of about 4000 bytes
//                         (deep directories) created and opened
//   write_args FILE ARG.. writes each ARG followed by a NUL byte to FILE
//   abstract_sockets      AF_UNIX abstract sockets (sun_path filled with
//                         'Z' past each name, which addrlen excludes):
//                         bind @"hello", listen, connect to it,
//                         getsockname of it; bind @"he\0llo" (a NUL
//                         inside); bind @"sctrace-abstract-name-longer-
//                         than-21-bytes"
//   datagrams N           AF_UNIX datagrams to a socket bound to
//                         @"sctrace-dgram": N x (sendto with that address,
//                         1 byte; recv), then connect and N x (send, 1
//                         byte; recv): sendto and recvfrom without an
//                         address (send and recv are those)
//   fd_names FILE         -y/-yy, pinned to the CPU it starts on:
//                         fd = openat(FILE, O_RDONLY), read(fd,
//                         64), d = dup(fd), close(fd), read(d, 1) (at
//                         EOF: the offset is shared),
//                         close(d); read(1000, 1) (EBADF: an fd nobody
//                         knows); a TCP listener on 127.0.0.1 (bind port
//                         0, listen, getsockname), a client socket
//                         connecting to it (connect, getsockname), accept,
//                         and close of the three
//   fd_stdin              -y: read(0, 1), then fd 0 becomes /dev/null
//                         (openat, dup2, close), read(0, 1): the first
//                         read names what stdin was, the second
//                         /dev/null
//   read_linger MS        read(0, 64) until it returns 0, then sleeps MS
//                         (a child that is still there when sctrace
//                         looks up its parent)
// Gated modes wait until stdin is readable, calling poll(0, 20 ms) in a
// loop (a heartbeat the tests watch for: tracing is live), then:
//   gate_block_read       prints "fd N" and blocks in read(N, buf, 16) on
//                         a pipe forever
//   gate_threads T K      starts T threads; each thread and the main
//                         thread call getppid K times
//   thread_exit K         a thread prints "tid T" and is the gated one
//                         (its heartbeat is getuid, not poll); it reads
//                         the gate's line, calls getppid K times and
//                         exits; the main thread then prints "joined" and
//                         lives on until stdin is closed (trace.py's -L)
//   gate_usdt N           usdt N
//   cg_opener MARKER A B C  the heartbeat also opens MARKER; then opens A,
//                         forks a child that opens B (and prints
//                         "child PID"), waits for it, opens C
// And:
//   forged_frame N        N x getppid from a function a test renames
//                         (forged_frame.h), then sleeps 1 s
//   pid_reuse K J         a child calls getppid K times and exits; another
//                         child is given the same pid (ns_last_pid, root)
//                         and calls getppid J times (pid_reuse.h); prints
//                         "pid P reused after N forks"
//   blocked_read          a thread calls getppid every 20 ms while the
//                         main thread blocks in read(0, buf, 64); exits 0
//                         if that read returned 5 bytes, else 1
// For the output and rendering live tests (tests/live/trace_render_*):
//   print N               N x (getppid, then the line "workload line I" on
//                         stdout, one write each)
//   fork_exec N           N x fork; each child at once calls
//                         execve("/bin/true") (a path in .rodata, which the
//                         child has not touched since the fork); waits
//   callback N            N x sctrace_test_callback(p) where p is the
//                         address of sctrace_test_fn + 2; then
//                         sleeps 1 s
// A commanded mode (tests/live/monitor_live_test.cpp): reads one command
// a line from stdin, runs it, answers "ok" on stdout; exits at EOF:
//   commands              "getppid N": N x getppid; "enoent N": N x openat
//                         of a missing path; "nanosleep MS": one
//                         SYS_nanosleep; "pipe_read MS": one read() of a
//                         pipe a child writes after MS ms (kept open until
//                         the next pipe_read); "fork N": a child makes N
//                         getppid calls and exits 0; "child_exit N": a
//                         child exits N; "child_kill SIG": a child kills
//                         itself with SIG (each waited for); "together
//                         N": two threads that spin until both run, then
//                         make N getppid calls each (burst_together)
//   named_commands NAME   the same, under the process name NAME
// Signals and exits (tests/live/syscalls_process_events_live_test.cpp):
//   signals_demo          with a SIGCHLD handler: a child exits 3, a child
//                         is killed by SIGKILL; prints their pids; sends
//                         itself SIGUSR1 (handled); exits 5
//   sigchld_default       SIGCHLD left ignored: a child exits 4; prints
//                         both pids; exits 0
// Load modes (tests/live/faults_live_test.cpp, tests/bench/load_rss.sh):
//   burst_threads T N     T threads, each calls getppid N times (T x N)
//   burst_together T N    the same, but the threads spin until all have
//                         started, so their first calls land at one moment
//   gated_burst N         calls getpid every millisecond until a byte
//                         arrives on stdin, then getppid N times; exits 0
//   burst_for MS T        T threads call getppid for MS milliseconds, then
//                         "calls N" (the exact total) goes to stderr
// Steady rates (tests/exporter/: Prometheus's rate() against a known one):
//   paced_reads RATE S    read(fd of /dev/zero, buf, 1) RATE times a second
//                         for S seconds: a batch every millisecond against
//                         absolute deadlines, so sleeps that overrun do not
//                         lower the rate; once a second also an openat of
//                         a missing path (ENOENT), a 25 ms poll (a slow
//                         call) and a futex wake; then "reads N" goes to
//                         stderr
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/sdt.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "forged_frame.h"
#include "pid_reuse.h"

extern "C" __attribute__((noinline)) int sctrace_test_fn(int x) {
  asm volatile("" ::: "memory");
  return x * 3 + 1;
}

// Takes a code address, for %U (issue 16.7).
extern "C" __attribute__((noinline)) void
sctrace_test_callback(const void* code) {
  asm volatile("" ::"r"(code) : "memory");
}

namespace {

long arg(char** argv, int i) {
  return std::strtol(argv[i], nullptr, 10);
}

int open_loop(long n, const char* path) {
  for (long i = 0; i < n; ++i) {
    int fd = ::openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0)
      ::close(fd);
  }
  return 0;
}

// open(2) itself, which glibc's open() no longer calls (it calls openat):
// what seed 001's "sys_open" program traces.
int open_legacy_loop(long n, const char* path) {
  for (long i = 0; i < n; ++i) {
    long fd = ::syscall(SYS_open, path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0)
      ::close(static_cast<int>(fd));
  }
  return 0;
}

int hostile(const std::string& dir) {
  std::vector<std::string> names = {
      "new\nline",       "quote\"d",
      "comma,\"x\":1,]", "back\\slash",
      "tab\tand\x1f",    "bad\xff\xfeutf8",
      "caf\xc3\xa9",     std::string(250, 'L'),
  };
  for (const auto& n : names) {
    std::string p = dir + "/" + n;
    int fd = ::open(p.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    if (fd >= 0)
      ::close(fd);
    fd = ::openat(AT_FDCWD, p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0)
      ::close(fd);
  }
  return 0;
}

// Syscall-test modes (see the top of the file).

void close_if(int fd) {
  if (fd >= 0)
    ::close(fd);
}

int counts() {
  char buf[64];
  for (int i = 0; i < 4; ++i) {
    int fd = ::openat(AT_FDCWD, "/etc/hostname", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::read(fd, buf, sizeof buf) < 0)
      return 1;
    ::close(fd);
  }
  for (int i = 0; i < 3; ++i)
    ::openat(AT_FDCWD, "/nonexistent/sctrace-test", O_RDONLY);
  for (int i = 0; i < 5; ++i)
    if (::write(1, "x", 1) != 1)
      return 1;
  for (int i = 0; i < 7; ++i)
    ::syscall(SYS_getppid);
  struct stat st {};
  for (int i = 0; i < 2; ++i)
    ::stat("/", &st);
  return 0;
}

int two_paths(const std::string& dir) {
  constexpr unsigned kRenameNoReplace = 1; // linux/fs.h
  if (::chdir(dir.c_str()) != 0)
    return 1;
  close_if(::open("a", O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
  long r = ::syscall(SYS_rename, "a", "b");
  r |= ::syscall(SYS_renameat, AT_FDCWD, "b", AT_FDCWD, "c");
  r |= ::syscall(SYS_renameat2, AT_FDCWD, "c", AT_FDCWD, "d", kRenameNoReplace);
  r |= ::syscall(SYS_symlink, "d", "s");
  r |= ::syscall(SYS_symlinkat, "d", AT_FDCWD, "s2");
  r |= ::syscall(SYS_link, "d", "h");
  r |= ::syscall(SYS_linkat, AT_FDCWD, "h", AT_FDCWD, "h2", 0);
  return r == 0 ? 0 : 1;
}

int open_args(const std::string& dir) {
  close_if(::openat(AT_FDCWD, (dir + "/created").c_str(),
                    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640));
  close_if(::openat(AT_FDCWD, (dir + "/missing").c_str(), O_RDONLY));
  close_if(::openat(AT_FDCWD, dir.c_str(), O_RDONLY | O_DIRECTORY));
  return 0;
}

int files(const std::string& dir) {
  std::string d = dir + "/d", f = d + "/f", g = d + "/g", l = d + "/l";
  char buf[256];
  ::mkdir(d.c_str(), 0755);
  int fd = ::openat(AT_FDCWD, f.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 || ::write(fd, "data", 4) != 4)
    return 1;
  ::lseek(fd, 0, SEEK_SET);
  if (::read(fd, buf, sizeof buf) != 4)
    return 1;
  struct stat st {};
  ::fstat(fd, &st);
  ::close(fd);
  ::stat(f.c_str(), &st);
  ::access(f.c_str(), R_OK);
  ::symlink(f.c_str(), l.c_str());
  if (::readlink(l.c_str(), buf, sizeof buf) < 0)
    return 1;
  if (::getcwd(buf, sizeof buf) == nullptr)
    return 1;
  if (::chdir(d.c_str()) != 0)
    return 1;
  struct statfs sfs {};
  ::statfs(".", &sfs);
  ::truncate(f.c_str(), 2);
  close_if(static_cast<int>(::syscall(SYS_open, f.c_str(), O_RDONLY)));
  open_how how{};
  how.flags = O_RDONLY | O_CLOEXEC;
  close_if(static_cast<int>(
      ::syscall(SYS_openat2, AT_FDCWD, f.c_str(), &how, sizeof how)));
  ::rename(f.c_str(), g.c_str());
  ::unlink(l.c_str());
  ::unlink(g.c_str());
  ::syscall(SYS_getppid);
  if (::chdir("/") != 0)
    return 1;
  ::rmdir(d.c_str());
  return 0;
}

int sleeps() {
  for (int i = 0; i < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (int i = 0; i < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  for (int i = 0; i < 10; ++i)
    ::syscall(SYS_getppid);
  return 0;
}

int hostile_paths(const std::string& dir) {
  hostile(dir);
  // About 4000 bytes: directories of 200 characters, then a file.
  std::string p = dir;
  while (p.size() + 201 + 16 < 4000) {
    p += "/" + std::string(200, 'D');
    if (::mkdir(p.c_str(), 0700) != 0)
      return 1;
  }
  p += "/" + std::string(4000 - p.size() - 1, 'F');
  int fd = ::open(p.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return 1;
  ::close(fd);
  close_if(::openat(AT_FDCWD, p.c_str(), O_RDONLY | O_CLOEXEC));
  return 0;
}

int write_args(int argc, char** argv) {
  int fd = ::open(argv[2], O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return 1;
  for (int i = 3; i < argc; ++i)
    if (::write(fd, argv[i], std::strlen(argv[i]) + 1) < 0)
      return 1;
  ::close(fd);
  return 0;
}

// Waits until stdin is readable: poll(0, 20 ms) in a loop, with `beat`
// before each poll.
template <class Beat> void wait_gate(Beat beat) {
  for (;;) {
    beat();
    pollfd p = {0, POLLIN, 0};
    if (::poll(&p, 1, 20) > 0)
      return;
  }
}

void say(const std::string& line) {
  std::string l = line + "\n";
  if (::write(1, l.data(), l.size()) < 0)
    std::_Exit(1);
}

int gate_block_read() {
  int p[2];
  if (::pipe(p) != 0)
    return 1;
  say("fd " + std::to_string(p[0]));
  wait_gate([] {});
  char buf[16];
  for (;;)
    ::read(p[0], buf, sizeof buf);
}

int gate_threads(long threads, long calls) {
  wait_gate([] {});
  auto work = [calls] {
    for (long i = 0; i < calls; ++i)
      ::syscall(SYS_getppid);
  };
  std::vector<std::thread> pool;
  for (long t = 0; t < threads; ++t)
    pool.emplace_back(work);
  work();
  for (auto& t : pool)
    t.join();
  return 0;
}

int thread_exit(long calls) {
  std::thread worker([calls] {
    say("tid " + std::to_string(::syscall(SYS_gettid)));
    wait_gate([] { ::syscall(SYS_getuid); });
    char line[64];
    (void)!::read(0, line, sizeof line);
    for (long i = 0; i < calls; ++i)
      ::syscall(SYS_getppid);
  });
  worker.join();
  say("joined");
  char buf[64];
  while (::read(0, buf, sizeof buf) > 0) {
  }
  return 0;
}

int burst_threads(long threads, long calls) {
  std::vector<std::thread> pool;
  for (long t = 0; t < threads; ++t)
    pool.emplace_back([calls] {
      for (long i = 0; i < calls; ++i)
        ::syscall(SYS_getppid);
    });
  for (auto& t : pool)
    t.join();
  return 0;
}

int burst_together(long threads, long calls) {
  std::atomic<long> ready{0};
  std::vector<std::thread> pool;
  for (long t = 0; t < threads; ++t)
    pool.emplace_back([&ready, threads, calls] {
      ready.fetch_add(1);
      while (ready.load() < threads) {
      }
      for (long i = 0; i < calls; ++i)
        ::syscall(SYS_getppid);
    });
  for (auto& t : pool)
    t.join();
  return 0;
}

int gated_burst(long calls) {
  for (;;) {
    ::syscall(SYS_getpid);
    pollfd p{0, POLLIN, 0};
    if (::poll(&p, 1, 1) == 1) {
      char c = 0;
      if (::read(0, &c, 1) != 1)
        return 1;
      break;
    }
  }
  for (long i = 0; i < calls; ++i)
    ::syscall(SYS_getppid);
  return 0;
}

int burst_for(long ms, long threads) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  std::vector<long> counts(static_cast<std::size_t>(threads), 0);
  std::vector<std::thread> pool;
  for (long t = 0; t < threads; ++t)
    pool.emplace_back([end, &n = counts[static_cast<std::size_t>(t)]] {
      // The clock is read every 1024 calls (vDSO, no syscall).
      while (std::chrono::steady_clock::now() < end)
        for (int i = 0; i < 1024; ++i, ++n)
          ::syscall(SYS_getppid);
    });
  long total = 0;
  for (std::size_t t = 0; t < pool.size(); ++t) {
    pool[t].join();
    total += counts[t];
  }
  std::fprintf(stderr, "calls %ld\n", total);
  return 0;
}

int cg_opener(const char* marker, const char* a, const char* b, const char* c) {
  wait_gate([marker] { close_if(::openat(AT_FDCWD, marker, O_RDONLY)); });
  close_if(::openat(AT_FDCWD, a, O_RDONLY));
  pid_t child = ::fork();
  if (child == 0) {
    close_if(::openat(AT_FDCWD, b, O_RDONLY));
    ::_exit(0);
  }
  say("child " + std::to_string(child));
  int status = 0;
  ::waitpid(child, &status, 0);
  close_if(::openat(AT_FDCWD, c, O_RDONLY));
  return 0;
}

int blocked_read() {
  std::thread([] {
    for (;;) {
      ::syscall(SYS_getppid);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }).detach();
  char buf[64];
  ssize_t n = ::read(0, buf, sizeof buf);
  return n == 5 ? 0 : 1;
}

// Writes one byte to fd from a child process after `ms` milliseconds (a
// process, not a thread: waitpid is one call whatever the timing, where a
// thread's join may or may not need a futex).
pid_t write_later(int fd, long ms) {
  pid_t child = ::fork();
  if (child == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    ::_exit(::write(fd, "x", 1) == 1 ? 0 : 1);
  }
  return child;
}

// Known latencies: nanosleep 20ms twice and 150ms once (SYS_nanosleep,
// so no other call is a nanosleep), and one read() of a pipe that a
// child process writes after 60ms.
int latency() {
  auto nap = [](long ms) {
    timespec t{ms / 1000, (ms % 1000) * 1000000L};
    ::syscall(SYS_nanosleep, &t, nullptr);
  };
  nap(20);
  nap(20);
  nap(150);
  int p[2];
  if (::pipe(p) != 0)
    return 1;
  pid_t child = write_later(p[1], 60);
  char c;
  ssize_t n = ::read(p[0], &c, 1);
  int status = 0;
  ::waitpid(child, &status, 0);
  return n == 1 && status == 0 ? 0 : 1;
}

// A slow read of a FIFO at a known path (a child writes 300ms after the
// fork: the read is slow even if the parent waits 200ms for a CPU first on
// a loaded machine), a few fast reads of /etc/hostname, then a pause so
// the fd still exists while the tracer describes it.
int slow_fifo(const char* path) {
  if (::mkfifo(path, 0600) != 0)
    return 1;
  int fd = ::open(path, O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return 1;
  char buf[64];
  for (int i = 0; i < 5; ++i) {
    int h = ::open("/etc/hostname", O_RDONLY | O_CLOEXEC);
    if (h < 0 || ::read(h, buf, sizeof buf) < 0)
      return 1;
    ::close(h);
  }
  pid_t child = write_later(fd, 300);
  ssize_t n = ::read(fd, buf, 1);
  ::waitpid(child, nullptr, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ::close(fd);
  return n == 1 ? 0 : 1;
}

// a = the abstract name, with 'Z' after it; returns its addrlen.
socklen_t abstract_address(const std::string& name, sockaddr_un& a) {
  std::memset(&a, 'Z', sizeof a);
  a.sun_family = AF_UNIX;
  a.sun_path[0] = '\0';
  std::memcpy(a.sun_path + 1, name.data(), name.size());
  return static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 +
                                name.size());
}

int bind_abstract(const std::string& name) {
  int s = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un a;
  socklen_t n = abstract_address(name, a);
  int r = ::bind(s, reinterpret_cast<sockaddr*>(&a), n);
  ::close(s);
  return r;
}

int abstract_sockets() {
  int srv = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int cli = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un a;
  socklen_t n = abstract_address("hello", a);
  int bad = ::bind(srv, reinterpret_cast<sockaddr*>(&a), n) != 0 ||
            ::listen(srv, 1) != 0 ||
            ::connect(cli, reinterpret_cast<sockaddr*>(&a), n) != 0;
  sockaddr_un got{};
  socklen_t got_len = sizeof got;
  bad |= ::getsockname(srv, reinterpret_cast<sockaddr*>(&got), &got_len);
  ::close(cli);
  ::close(srv);
  bad |= bind_abstract(std::string("he\0llo", 6)) != 0;
  bad |= bind_abstract("sctrace-abstract-name-longer-than-21-bytes") != 0;
  return bad ? 1 : 0;
}

int datagrams(long count) {
  int srv = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int cli = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un a;
  socklen_t n = abstract_address("sctrace-dgram", a);
  auto* to = reinterpret_cast<sockaddr*>(&a);
  bool bad = ::bind(srv, to, n) != 0;
  char c = 'x';
  for (long i = 0; i < count && !bad; ++i)
    bad = ::sendto(cli, &c, 1, 0, to, n) != 1 || ::recv(srv, &c, 1, 0) != 1;
  bad |= ::connect(cli, to, n) != 0;
  for (long i = 0; i < count && !bad; ++i)
    bad = ::send(cli, &c, 1, 0) != 1 || ::recv(srv, &c, 1, 0) != 1;
  ::close(cli);
  ::close(srv);
  return bad ? 1 : 0;
}

int fd_names(const char* path) {
  // One CPU: with per-CPU perf buffers, a thread that moves between CPUs
  // can have its events reach sctrace out of order (docs/syscalls.md).
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(sched_getcpu(), &one);
  ::sched_setaffinity(0, sizeof one, &one);
  char buf[64];
  int fd = ::openat(AT_FDCWD, path, O_RDONLY);
  bool bad = fd < 0 || ::read(fd, buf, sizeof buf) < 0;
  int d = ::dup(fd);
  ::close(fd);
  bad |= d < 0 || ::read(d, buf, 1) < 0;
  ::close(d);
  bad |= ::read(1000, buf, 1) != -1;
  int srv = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t n = sizeof a;
  bad |= ::bind(srv, reinterpret_cast<sockaddr*>(&a), n) != 0 ||
         ::listen(srv, 1) != 0 ||
         ::getsockname(srv, reinterpret_cast<sockaddr*>(&a), &n) != 0;
  int cli = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{};
  socklen_t ln = sizeof local;
  bad |= ::connect(cli, reinterpret_cast<sockaddr*>(&a), n) != 0 ||
         ::getsockname(cli, reinterpret_cast<sockaddr*>(&local), &ln) != 0;
  sockaddr_in peer{};
  socklen_t pn = sizeof peer;
  int acc = ::accept(srv, reinterpret_cast<sockaddr*>(&peer), &pn);
  bad |= acc < 0;
  ::close(acc);
  ::close(cli);
  ::close(srv);
  return bad ? 1 : 0;
}

int fd_stdin() {
  char c;
  bool bad = ::read(0, &c, 1) != 1;
  int null = ::openat(AT_FDCWD, "/dev/null", O_RDONLY);
  bad |= null < 0 || ::dup2(null, 0) != 0;
  ::close(null);
  bad |= ::read(0, &c, 1) != 0;
  return bad ? 1 : 0;
}

int read_linger(long ms) {
  char buf[64];
  while (::read(0, buf, sizeof buf) > 0) {
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return 0;
}

int fail_open(long n) {
  for (long i = 0; i < n; ++i) {
    ::openat(AT_FDCWD, "/nonexistent/sctrace-test", O_RDONLY);
    ::openat(AT_FDCWD, "/", O_WRONLY);
  }
  return 0;
}

int write_loop(long n, long size) {
  std::vector<char> buf(static_cast<std::size_t>(size), 'x');
  for (long i = 0; i < n; ++i)
    if (::write(1, buf.data(), buf.size()) < 0)
      return 1;
  return 0;
}

int reads() {
  int fd = ::open("/dev/zero", O_RDONLY);
  static char buf[8192];
  for (long size : {100L, 2000L, 512L, 4096L, 1024L, 1025L})
    if (::read(fd, buf, static_cast<std::size_t>(size)) < 0)
      return 1;
  ::close(fd);
  return 0;
}

int burst(long n) {
  for (long i = 0; i < n; ++i)
    ::syscall(SYS_getppid);
  return 0;
}

int malloc_loop(long n, long size) {
  for (long i = 0; i < n; ++i) {
    void* volatile p = std::malloc(static_cast<std::size_t>(size));
    void* volatile q = std::malloc(16);
    std::free(p);
    std::free(q);
  }
  return 0;
}

int func_loop(long n) {
  int sum = 0;
  for (long i = 0; i < n; ++i)
    sum += sctrace_test_fn(static_cast<int>(i));
  return sum == -1 ? 1 : 0;
}

// sys/sdt.h stringifies the probe name, so `test-probe` (three tokens) is
// the name "test-probe"; clang-format must not space it out.
int usdt_loop(long n) {
  for (long i = 0; i < n; ++i) {
    DTRACE_PROBE2(sctrace_test, tick, i, i * 2);
    // clang-format off
    STAP_PROBE1(sctrace-test, test-probe, i * 3);
    // clang-format on
  }
  return 0;
}

int gate_usdt(long n) {
  wait_gate([] {});
  return usdt_loop(n);
}

int sleep_ms(long ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return 0;
}

int paced_reads(long rate, long seconds) {
  int fd = ::open("/dev/zero", O_RDONLY | O_CLOEXEC);
  if (fd < 0 || rate <= 0)
    return 1;
  char c;
  long done = 0;
  timespec start{};
  ::clock_gettime(CLOCK_MONOTONIC, &start);
  const long ticks = seconds * 1000;
  for (long t = 1; t <= ticks; ++t) {
    for (long due = rate * t / 1000; done < due; ++done)
      if (::read(fd, &c, 1) != 1)
        return 1;
    if (t % 1000 == 0) {
      ::openat(AT_FDCWD, "/nonexistent/sctrace-paced", O_RDONLY | O_CLOEXEC);
      ::poll(nullptr, 0, 25);
      static int word = 0;
      ::syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
    }
    long ns = start.tv_nsec + t * 1000000L;
    timespec at{start.tv_sec + ns / 1000000000L, ns % 1000000000L};
    ::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr);
  }
  std::fprintf(stderr, "reads %ld\n", done);
  return 0;
}

int print_lines(long n) {
  for (long i = 0; i < n; ++i) {
    ::syscall(SYS_getppid);
    char line[64];
    int len = std::snprintf(line, sizeof line, "workload line %ld\n", i);
    if (::write(1, line, static_cast<std::size_t>(len)) != len)
      return 1;
  }
  return 0;
}

int fork_exec(long n) {
  for (long i = 0; i < n; ++i) {
    pid_t child = ::fork();
    if (child < 0)
      return 1;
    if (child == 0) {
      char* const argv[] = {const_cast<char*>("true"), nullptr};
      char* const envp[] = {nullptr};
      ::execve("/bin/true", argv, envp);
      ::_exit(127);
    }
    int status = 0;
    if (::waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
      return 1;
  }
  return 0;
}

int callbacks(long n) {
  const char* fn = reinterpret_cast<const char*>(&sctrace_test_fn);
  for (long i = 0; i < n; ++i)
    sctrace_test_callback(fn + 2);
  // Alive while the tracer reads the events: a user address is resolved
  // from /proc/PID/maps (as bpftrace's usym() and BCC's sym() do).
  std::this_thread::sleep_for(std::chrono::seconds(1));
  return 0;
}

// Forks a child that runs `child` (which must not return) and waits for
// it; false when the fork fails.
template <class F> bool fork_and_wait(F child) {
  pid_t pid = ::fork();
  if (pid < 0)
    return false;
  if (pid == 0)
    child();
  return ::waitpid(pid, nullptr, 0) == pid;
}

// The commands mode's one command; false for an unknown one.
bool run_command(const std::string& what, long n) {
  if (what == "getppid") {
    for (long i = 0; i < n; ++i)
      ::syscall(SYS_getppid);
  } else if (what == "enoent") {
    for (long i = 0; i < n; ++i)
      ::openat(AT_FDCWD, "/nonexistent/sctrace-monitor", O_RDONLY);
  } else if (what == "nanosleep") {
    timespec t{n / 1000, (n % 1000) * 1000000L};
    ::syscall(SYS_nanosleep, &t, nullptr);
  } else if (what == "pipe_read") {
    // The pipe stays open until the next pipe_read, so that a tracer can
    // still read what the fd refers to.
    static int p[2] = {-1, -1};
    for (int fd : p)
      if (fd >= 0)
        ::close(fd);
    if (::pipe(p) != 0)
      return false;
    pid_t child = write_later(p[1], n);
    char c;
    bool ok = ::read(p[0], &c, 1) == 1;
    ::waitpid(child, nullptr, 0);
    return ok;
  } else if (what == "fork") {
    // A child that makes n getppid calls, then exits 0.
    return fork_and_wait([n] {
      for (long i = 0; i < n; ++i)
        ::syscall(SYS_getppid);
      ::_exit(0);
    });
  } else if (what == "together") {
    burst_together(2, n);
  } else if (what == "child_exit") {
    return fork_and_wait([n] { ::_exit(static_cast<int>(n)); });
  } else if (what == "child_kill") {
    return fork_and_wait([n] {
      ::kill(::getpid(), static_cast<int>(n));
      ::_exit(0);
    });
  } else {
    return false;
  }
  return true;
}

int commands() {
  char line[256];
  while (std::fgets(line, sizeof line, stdin)) {
    char what[64] = {};
    long n = 0;
    if (std::sscanf(line, "%63s %ld", what, &n) != 2 || !run_command(what, n))
      return 1;
    std::fputs("ok\n", stdout);
    std::fflush(stdout);
  }
  return 0;
}

void on_sigchld(int) {}

// With a SIGCHLD handler (so the signal is delivered): a child that exits
// 3, a child that kills itself with SIGKILL, each waited for; then a
// SIGUSR1 it sends itself (handled); prints "parent P", "exited C1",
// "killed C2"; exits 5.
int signals_demo() {
  struct sigaction sa {};
  sa.sa_handler = on_sigchld;
  sa.sa_flags = SA_RESTART;
  if (::sigaction(SIGCHLD, &sa, nullptr) != 0)
    return 1;
  say("parent " + std::to_string(::getpid()));
  pid_t a = ::fork();
  if (a == 0)
    ::_exit(3);
  say("exited " + std::to_string(a));
  ::waitpid(a, nullptr, 0);
  pid_t b = ::fork();
  if (b == 0) {
    ::kill(::getpid(), SIGKILL);
    ::_exit(0);
  }
  say("killed " + std::to_string(b));
  ::waitpid(b, nullptr, 0);
  if (::sigaction(SIGUSR1, &sa, nullptr) != 0)
    return 1;
  ::kill(::getpid(), SIGUSR1); // delivered on the way out of kill()
  return 5;
}

// With SIGCHLD's default action (ignore): a child that exits 4, waited
// for; prints "parent P" and "exited C"; exits 0. The signal is never
// delivered; strace still shows it.
int sigchld_default() {
  say("parent " + std::to_string(::getpid()));
  pid_t a = ::fork();
  if (a == 0)
    ::_exit(4);
  say("exited " + std::to_string(a));
  ::waitpid(a, nullptr, 0);
  return 0;
}

// The commands mode under the process name NAME (prctl PR_SET_NAME), so
// a test can target it by name.
int named_commands(const char* name) {
  if (::prctl(PR_SET_NAME, name, 0, 0, 0) != 0)
    return 1;
  return commands();
}

// One mode: its name, the argument count it takes (argc, counting the
// program and the mode; -1: any, at least 3) and what it runs.
struct Mode {
  const char* name;
  int argc;
  int (*run)(int argc, char** argv);
};

long n(char** argv) {
  return arg(argv, 2);
}
long m(char** argv) {
  return arg(argv, 3);
}

const Mode kModes[] = {
    {"open", 4, [](int, char** v) { return open_loop(n(v), v[3]); }},
    {"open_legacy", 4,
     [](int, char** v) { return open_legacy_loop(n(v), v[3]); }},
    {"fail_open", 3, [](int, char** v) { return fail_open(n(v)); }},
    {"write", 4, [](int, char** v) { return write_loop(n(v), m(v)); }},
    {"reads", 2, [](int, char**) { return reads(); }},
    {"forged_frame", 3,
     [](int, char** v) { return sctrace::workload::forged_frame(n(v)); }},
    {"pid_reuse", 4,
     [](int, char** v) { return sctrace::workload::pid_reuse(n(v), m(v)); }},
    {"burst", 3, [](int, char** v) { return burst(n(v)); }},
    {"malloc", 4, [](int, char** v) { return malloc_loop(n(v), m(v)); }},
    {"func", 3, [](int, char** v) { return func_loop(n(v)); }},
    {"usdt", 3, [](int, char** v) { return usdt_loop(n(v)); }},
    {"gate_usdt", 3, [](int, char** v) { return gate_usdt(n(v)); }},
    {"hostile", 3, [](int, char** v) { return hostile(v[2]); }},
    {"sleep", 3, [](int, char** v) { return sleep_ms(n(v)); }},
    {"exit", 3, [](int, char** v) { return static_cast<int>(n(v)); }},
    {"latency", 2, [](int, char**) { return latency(); }},
    {"slow_fifo", 3, [](int, char** v) { return slow_fifo(v[2]); }},
    {"counts", 2, [](int, char**) { return counts(); }},
    {"open_args", 3, [](int, char** v) { return open_args(v[2]); }},
    {"two_paths", 3, [](int, char** v) { return two_paths(v[2]); }},
    {"files", 3, [](int, char** v) { return files(v[2]); }},
    {"sleeps", 2, [](int, char**) { return sleeps(); }},
    {"hostile_paths", 3, [](int, char** v) { return hostile_paths(v[2]); }},
    {"write_args", -1, [](int c, char** v) { return write_args(c, v); }},
    {"gate_block_read", 2, [](int, char**) { return gate_block_read(); }},
    {"gate_threads", 4, [](int, char** v) { return gate_threads(n(v), m(v)); }},
    {"thread_exit", 3, [](int, char** v) { return thread_exit(n(v)); }},
    {"cg_opener", 6,
     [](int, char** v) { return cg_opener(v[2], v[3], v[4], v[5]); }},
    {"blocked_read", 2, [](int, char**) { return blocked_read(); }},
    {"gated_burst", 3, [](int, char** v) { return gated_burst(n(v)); }},
    {"burst_together", 4,
     [](int, char** v) { return burst_together(n(v), m(v)); }},
    {"burst_threads", 4,
     [](int, char** v) { return burst_threads(n(v), m(v)); }},
    {"read_linger", 3, [](int, char** v) { return read_linger(n(v)); }},
    {"fd_stdin", 2, [](int, char**) { return fd_stdin(); }},
    {"fd_names", 3, [](int, char** v) { return fd_names(v[2]); }},
    {"abstract_sockets", 2, [](int, char**) { return abstract_sockets(); }},
    {"datagrams", 3, [](int, char** v) { return datagrams(n(v)); }},
    {"burst_for", 4, [](int, char** v) { return burst_for(n(v), m(v)); }},
    {"paced_reads", 4, [](int, char** v) { return paced_reads(n(v), m(v)); }},
    {"commands", 2, [](int, char**) { return commands(); }},
    {"print", 3, [](int, char** v) { return print_lines(n(v)); }},
    {"fork_exec", 3, [](int, char** v) { return fork_exec(n(v)); }},
    {"callback", 3, [](int, char** v) { return callbacks(n(v)); }},
    {"named_commands", 3, [](int, char** v) { return named_commands(v[2]); }},
    {"signals_demo", 2, [](int, char**) { return signals_demo(); }},
    {"sigchld_default", 2, [](int, char**) { return sigchld_default(); }},
};

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: sctrace_workload MODE ARGS...\n");
    return 2;
  }
  const std::string mode = argv[1];
  for (const Mode& md : kModes)
    if (mode == md.name && (md.argc == argc || (md.argc < 0 && argc >= 3)))
      return md.run(argc, argv);
  std::fprintf(stderr, "sctrace_workload: bad arguments\n");
  return 2;
}
