// sctrace-demo: a small workload whose syscalls are known in advance, traced
// by `sctrace demo`. It opens /etc/hostname three times (reading and closing
// it), fails to open a missing file twice (ENOENT), and writes three
// 13-byte lines to /dev/null.
#include <fcntl.h>
#include <unistd.h>

int main() {
  char buf[64];
  for (int i = 0; i < 3; ++i) {
    int fd = ::open("/etc/hostname", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      (void)n;
      ::close(fd);
    }
  }
  for (int i = 0; i < 2; ++i)
    ::open("/nonexistent/sctrace-demo", O_RDONLY);
  int null_fd = ::open("/dev/null", O_WRONLY);
  for (int i = 0; i < 3; ++i) {
    ssize_t n = ::write(null_fd, "sctrace demo\n", 13);
    (void)n;
  }
  ::close(null_fd);
  return 0;
}
