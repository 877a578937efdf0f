#include "run/pipe_write.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>

namespace sctrace::run {
namespace {

// SIGPIPE blocked on this thread for its lifetime; a SIGPIPE that a
// write raised meanwhile is taken back before the old mask returns.
class NoSigpipe {
public:
  NoSigpipe() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    was_pending_ =
        ::sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~NoSigpipe() {
    if (!was_pending_) {
      timespec none{};
      while (::sigtimedwait(&pipe_, nullptr, &none) == SIGPIPE) {
      }
    }
    ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  NoSigpipe(const NoSigpipe&) = delete;
  NoSigpipe& operator=(const NoSigpipe&) = delete;

private:
  sigset_t pipe_, old_;
  bool was_pending_ = false;
};

Error io_error(const std::string& what) {
  return make_error(ErrorKind::Io, what);
}

// Waits until fd takes more bytes; false (with why) when the child exits
// or the deadline passes first.
bool wait_writable(int fd, int pidfd,
                   std::chrono::steady_clock::time_point deadline,
                   std::string& why) {
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      why = "it did not read its program in time";
      return false;
    }
    pollfd p[2] = {{fd, POLLOUT, 0}, {pidfd, POLLIN, 0}};
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
    int n = ::poll(p, pidfd >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      why = std::string("poll failed: ") + std::strerror(errno);
      return false;
    }
    if (p[0].revents & (POLLOUT | POLLERR))
      return true;
    if (pidfd >= 0 && (p[1].revents & POLLIN)) {
      why = "it exited before reading its program";
      return false;
    }
  }
}

} // namespace

Result<void> write_to_child(int fd, std::string_view text, int child_pidfd,
                            std::chrono::milliseconds timeout) {
  NoSigpipe guard;
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string why;
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n > 0) {
      text.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && errno == EPIPE)
      return io_error("the child closed the pipe it reads its program "
                      "from (it exited or failed to start)");
    if (n < 0 && errno != EAGAIN)
      return io_error(std::string("writing the program to its pipe: ") +
                      std::strerror(errno));
    if (!wait_writable(fd, child_pidfd, deadline, why))
      return io_error("cannot hand the program to the child: " + why);
  }
  return Ok{};
}

} // namespace sctrace::run
