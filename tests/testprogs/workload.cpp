// sctrace_workload: makes syscalls and calls whose number, arguments and
// results the live tests know in advance.
//
//   open N PATH           N x openat(AT_FDCWD, PATH, O_RDONLY|O_CLOEXEC)+close
//   fail_open N           N x openat of a missing path (ENOENT) and N x
//                         openat("/", O_WRONLY) (EISDIR)
//   write N SIZE          N x write(1, buf, SIZE)
//   reads                 reads from /dev/zero with sizes 100, 2000, 512,
//                         4096, 1024, 1025 (three are > 1024)
//   burst N               N x getppid()
//   malloc N SIZE         N x malloc(SIZE) (+ free), plus N x malloc(16)
//   func N                N x sctrace_test_fn(i) (returns i * 3 + 1)
//   usdt N                N x USDT probe sctrace_test:tick(i, i * 2)
//   hostile DIR           creates and opens files with hostile names
//   sleep MS              sleeps, then exits
//   exit CODE             exits with CODE
#include <fcntl.h>
#include <sys/sdt.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

extern "C" __attribute__((noinline)) int sctrace_test_fn(int x) {
  asm volatile("" ::: "memory");
  return x * 3 + 1;
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

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: sctrace_workload MODE ARGS...\n");
    return 2;
  }
  std::string mode = argv[1];
  if (mode == "open" && argc == 4)
    return open_loop(arg(argv, 2), argv[3]);
  if (mode == "fail_open" && argc == 3) {
    long n = arg(argv, 2);
    for (long i = 0; i < n; ++i) {
      ::openat(AT_FDCWD, "/nonexistent/sctrace-test", O_RDONLY);
      ::openat(AT_FDCWD, "/", O_WRONLY);
    }
    return 0;
  }
  if (mode == "write" && argc == 4) {
    long n = arg(argv, 2), size = arg(argv, 3);
    std::vector<char> buf(static_cast<std::size_t>(size), 'x');
    for (long i = 0; i < n; ++i)
      if (::write(1, buf.data(), buf.size()) < 0)
        return 1;
    return 0;
  }
  if (mode == "reads") {
    int fd = ::open("/dev/zero", O_RDONLY);
    static char buf[8192];
    for (long size : {100L, 2000L, 512L, 4096L, 1024L, 1025L})
      if (::read(fd, buf, static_cast<std::size_t>(size)) < 0)
        return 1;
    ::close(fd);
    return 0;
  }
  if (mode == "burst" && argc == 3) {
    long n = arg(argv, 2);
    for (long i = 0; i < n; ++i)
      ::syscall(SYS_getppid);
    return 0;
  }
  if (mode == "malloc" && argc == 4) {
    long n = arg(argv, 2), size = arg(argv, 3);
    for (long i = 0; i < n; ++i) {
      void* volatile p = std::malloc(static_cast<std::size_t>(size));
      void* volatile q = std::malloc(16);
      std::free(p);
      std::free(q);
    }
    return 0;
  }
  if (mode == "func" && argc == 3) {
    long n = arg(argv, 2);
    int sum = 0;
    for (long i = 0; i < n; ++i)
      sum += sctrace_test_fn(static_cast<int>(i));
    return sum == -1 ? 1 : 0;
  }
  if (mode == "usdt" && argc == 3) {
    long n = arg(argv, 2);
    for (long i = 0; i < n; ++i)
      DTRACE_PROBE2(sctrace_test, tick, i, i * 2);
    return 0;
  }
  if (mode == "hostile" && argc == 3)
    return hostile(argv[2]);
  if (mode == "sleep" && argc == 3) {
    std::this_thread::sleep_for(std::chrono::milliseconds(arg(argv, 2)));
    return 0;
  }
  if (mode == "exit" && argc == 3)
    return static_cast<int>(arg(argv, 2));
  std::fprintf(stderr, "sctrace_workload: bad arguments\n");
  return 2;
}
