// run/pipe_write.h: the whole text reaches a reader that reads slowly; a
// reader that is gone, a child that exits without reading and a pipe
// nobody empties are Io errors in bounded time, and none raises SIGPIPE
// (the test process keeps SIGPIPE's default action, which would kill it).
#include "run/pipe_write.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "run/fd.h"

namespace sctrace::run {
namespace {

using namespace std::chrono_literals;

struct Pipe {
  Fd read, write;
};

Pipe make_pipe() {
  int ends[2];
  EXPECT_EQ(::pipe2(ends, O_CLOEXEC), 0);
  return {Fd(ends[0]), Fd(ends[1])};
}

class PipeWrite : public ::testing::Test {
protected:
  void SetUp() override { old_ = ::signal(SIGPIPE, SIG_DFL); }
  void TearDown() override { ::signal(SIGPIPE, old_); }
  sighandler_t old_ = SIG_DFL;
};

TEST_F(PipeWrite, DeliversTextLargerThanThePipeToASlowReader) {
  Pipe p = make_pipe();
  const std::string text(1 << 20, 'x'); // 16 times the default pipe size
  std::string got;
  std::thread reader([&] {
    char buf[4096];
    ssize_t n;
    std::this_thread::sleep_for(20ms);
    while ((n = ::read(p.read.get(), buf, sizeof buf)) > 0)
      got.append(buf, static_cast<std::size_t>(n));
  });
  auto r = write_to_child(p.write.get(), text, -1, 10s);
  p.write.reset();
  reader.join();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(got, text);
}

TEST_F(PipeWrite, AGoneReaderIsAnErrorNotSigpipe) {
  Pipe p = make_pipe();
  p.read.reset();
  auto r = write_to_child(p.write.get(), "BEGIN { exit(); }", -1, 10s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Io);
  EXPECT_NE(r.error().message.find("closed the pipe"), std::string::npos)
      << r.error().message;
  sigset_t pending;
  sigpending(&pending);
  EXPECT_FALSE(sigismember(&pending, SIGPIPE)); // taken back, not left
}

TEST_F(PipeWrite, AChildThatExitsWithoutReadingEndsTheWait) {
  Pipe p = make_pipe();
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) { // keeps the read end open, reads nothing, exits
    ::usleep(100'000);
    ::_exit(0);
  }
  Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, child, 0)));
  ASSERT_TRUE(pidfd.valid());
  const std::string text(1 << 20, 'y');
  auto start = std::chrono::steady_clock::now();
  auto r = write_to_child(p.write.get(), text, pidfd.get(), 30s);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("exited before reading"), std::string::npos)
      << r.error().message;
  ::waitpid(child, nullptr, 0);
}

TEST_F(PipeWrite, APipeNobodyEmptiesTimesOut) {
  Pipe p = make_pipe();
  const std::string text(1 << 20, 'z');
  auto start = std::chrono::steady_clock::now();
  auto r = write_to_child(p.write.get(), text, -1, 200ms);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("did not read its program in time"),
            std::string::npos)
      << r.error().message;
  EXPECT_GE(took, 200ms);
  EXPECT_LT(took, 10s);
}

} // namespace
} // namespace sctrace::run
