// LineReader: newline-delimited messages off a pipe, each line bounded.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "mcp/line_reader.h"

namespace sctrace::mcp {
namespace {

using Status = LineReader::Status;

// A pipe whose write end is fed by a thread, in the chunks given.
class Feed {
public:
  explicit Feed(std::vector<std::string> chunks, bool close_after = true) {
    int fds[2] = {-1, -1};
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    read_fd_ = fds[0];
    write_fd_ = fds[1];
    writer_ = std::thread([this, chunks = std::move(chunks), close_after] {
      for (const auto& c : chunks) {
        std::size_t done = 0;
        while (done < c.size()) {
          ssize_t n = ::write(write_fd_, c.data() + done, c.size() - done);
          if (n <= 0)
            return;
          done += static_cast<std::size_t>(n);
        }
      }
      if (close_after)
        close_write();
    });
  }
  ~Feed() {
    writer_.join();
    close_write();
    ::close(read_fd_);
  }
  int fd() const { return read_fd_; }
  void close_write() {
    int fd = write_fd_.exchange(-1);
    if (fd >= 0)
      ::close(fd);
  }

private:
  int read_fd_ = -1;
  std::atomic<int> write_fd_{-1};
  std::thread writer_;
};

std::vector<LineReader::Next> read_all(int fd, std::size_t max) {
  LineReader reader(fd, max);
  std::vector<LineReader::Next> out;
  for (;;) {
    auto next = reader.next({});
    if (next.status == Status::Eof || next.status == Status::Error)
      return out;
    out.push_back(next);
  }
}

TEST(LineReader, SplitsLinesAcrossReadsAndStripsCrLf) {
  Feed feed({"{\"a\"", ":1}\n\n{\"b\":2}\r", "\n\r\n", "last"});
  auto lines = read_all(feed.fd(), 100);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].line, "{\"a\":1}");
  EXPECT_EQ(lines[1].line, "{\"b\":2}");
  EXPECT_EQ(lines[2].line, "last");
  for (const auto& l : lines)
    EXPECT_EQ(l.status, Status::Line);
}

TEST(LineReader, ALongLineIsReportedOnceAndSkipped) {
  std::string long_line(1000000, 'x');
  Feed feed({"ok1\n", long_line.substr(0, 300000), long_line.substr(300000),
             "\nok2\n", std::string(50, 'y') + "\n", std::string(51, 'z')});
  auto lines = read_all(feed.fd(), 50);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0].line, "ok1");
  EXPECT_EQ(lines[1].status, Status::TooLong);
  EXPECT_EQ(lines[2].line, "ok2");
  EXPECT_EQ(lines[3].line, std::string(50, 'y')); // exactly the bound
  EXPECT_EQ(lines[4].status, Status::TooLong);    // too long at EOF
}

TEST(LineReader, StopsWhenAsked) {
  Feed feed({"one\n"}, /*close_after=*/false);
  LineReader reader(feed.fd(), 100);
  EXPECT_EQ(reader.next({}).line, "one");
  std::atomic<int> polls{0};
  auto next = reader.next([&] { return ++polls > 2; });
  EXPECT_EQ(next.status, Status::Stopped);
  feed.close_write();
}

TEST(LineReader, ABadDescriptorIsAnError) {
  LineReader reader(-1, 100);
  auto next = reader.next({}); // poll() alone would wait forever on -1
  EXPECT_EQ(next.status, Status::Error);
  EXPECT_NE(next.line.find("no input"), std::string::npos) << next.line;
}

} // namespace
} // namespace sctrace::mcp
