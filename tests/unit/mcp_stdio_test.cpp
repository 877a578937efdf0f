// serve_stdio over real pipes, in process: lines in, lines out, calls on
// their own threads, cancellation while a call runs, the busy limit, EOF.
#include <gtest/gtest.h>

#include <future>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include "mcp/stdio.h"
#include "mcp_fakes.h"

namespace sctrace::mcp {
namespace {

using namespace testing;

// serve_stdio on a thread between two pipes.
class Server {
public:
  Server(Connection& c, StdioOptions options) {
    int in[2], out[2];
    EXPECT_EQ(::pipe2(in, O_CLOEXEC), 0);
    EXPECT_EQ(::pipe2(out, O_CLOEXEC), 0);
    in_read_ = in[0], in_write_ = in[1], out_read_ = out[0],
    out_write_ = out[1];
    result_ = std::async(std::launch::async, [this, &c, options] {
      auto r = serve_stdio(c, in_read_, out_write_, options);
      ::close(out_write_);
      return r.ok();
    });
  }
  ~Server() {
    close_input();
    if (result_.valid()) // rest() took the result already
      result_.wait();
    ::close(in_read_);
    ::close(out_read_);
  }
  void send_text(const std::string& line) {
    std::string text = line + "\n";
    ASSERT_EQ(::write(in_write_, text.data(), text.size()),
              static_cast<ssize_t>(text.size()));
  }
  void send(const json& m) { send_text(m.dump()); }
  void close_input() {
    if (in_write_ >= 0)
      ::close(in_write_);
    in_write_ = -1;
  }
  // The next line of output, parsed; throws at EOF.
  json receive() {
    for (;;) {
      auto nl = pending_.find('\n');
      if (nl != std::string::npos) {
        auto line = pending_.substr(0, nl);
        pending_.erase(0, nl + 1);
        return json::parse(line);
      }
      char buf[4096];
      ssize_t n = ::read(out_read_, buf, sizeof buf);
      if (n <= 0)
        throw std::runtime_error("output ended; pending: " + pending_);
      pending_.append(buf, static_cast<std::size_t>(n));
    }
  }
  // Everything left until the output closes, then serve_stdio's result.
  std::vector<json> rest(bool* ok) {
    close_input();
    std::vector<json> out;
    for (;;) {
      try {
        out.push_back(receive());
      } catch (const std::runtime_error&) {
        break;
      }
    }
    *ok = result_.get();
    return out;
  }

private:
  int in_read_ = -1, in_write_ = -1, out_read_ = -1, out_write_ = -1;
  std::future<bool> result_;
  std::string pending_;
};

class Stdio : public ::testing::Test {
protected:
  WaitProbe probe;
  ToolSet tools = fake_tools(probe);
  Connection c{tools, ServerInfo{}};

  void wait_started() {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!probe.started && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_TRUE(probe.started);
  }
};

TEST_F(Stdio, AnswersLineByLineAndEndsAtEof) {
  Server s(c, {});
  s.send(initialize_request("2025-06-18", 1));
  EXPECT_EQ(s.receive()["result"]["protocolVersion"], "2025-06-18");
  s.send_text(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  s.send_text("this is not JSON");
  auto garbage = s.receive();
  EXPECT_EQ(garbage["error"]["code"], -32700);
  s.send(request(2, "tools/list"));
  EXPECT_EQ(s.receive()["result"]["tools"].size(), tools.size());
  bool ok = false;
  EXPECT_TRUE(s.rest(&ok).empty());
  EXPECT_TRUE(ok);
}

TEST_F(Stdio, ALongLineIsRefusedAndTheServerGoesOn) {
  Server s(c, StdioOptions{1000, 8});
  s.send_text(std::string(50000, '{'));
  auto r = s.receive();
  EXPECT_EQ(r["error"]["code"], -32600);
  EXPECT_TRUE(r["id"].is_null());
  s.send(request(3, "ping"));
  EXPECT_EQ(s.receive()["id"], 3);
}

TEST_F(Stdio, CancelWhileACallRunsOnItsThread) {
  Server s(c, {});
  s.send(initialize_request("2025-06-18", 1));
  s.receive();
  s.send(request(5, "tools/call", {{"name", "wait"}}));
  wait_started();
  s.send(request(6, "ping")); // the reader is free while the call runs
  EXPECT_EQ(s.receive()["id"], 6);
  s.send_text(R"({"jsonrpc":"2.0","method":"notifications/cancelled",)"
              R"("params":{"requestId":5}})");
  s.send(request(7, "ping"));
  EXPECT_EQ(s.receive()["id"], 7);
  bool ok = false;
  EXPECT_TRUE(s.rest(&ok).empty()); // no response for 5
  EXPECT_TRUE(probe.saw_cancel);
  EXPECT_TRUE(ok);
}

TEST_F(Stdio, BeyondTheCallLimitIsBusyAndEofCancelsTheRest) {
  Server s(c, StdioOptions{1 << 20, 1});
  s.send(initialize_request("2025-11-25", 1));
  s.receive();
  s.send(request(5, "tools/call", {{"name", "wait"}}));
  wait_started();
  s.send(request(6, "tools/call", {{"name", "echo"}}));
  auto busy = s.receive();
  EXPECT_EQ(busy["id"], 6);
  EXPECT_EQ(busy["result"]["isError"], true);
  EXPECT_EQ(busy["result"]["structuredContent"]["error"]["code"], "busy");
  auto start = std::chrono::steady_clock::now();
  bool ok = false;
  EXPECT_TRUE(s.rest(&ok).empty()); // EOF cancelled 5: no response
  EXPECT_TRUE(ok);
  EXPECT_TRUE(probe.saw_cancel);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(Stdio, BatchesWithCallsRunOnAThread) {
  Server s(c, {});
  s.send(initialize_request("2025-03-26", 1));
  s.receive();
  s.send(json::array(
      {request(2, "tools/call", {{"name", "echo"}}), request(3, "ping")}));
  auto r = s.receive();
  ASSERT_TRUE(r.is_array());
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["id"], 2);
  EXPECT_EQ(r[1]["id"], 3);
}

TEST_F(Stdio, StopEndsTheLoopWithTheInputOpen) {
  int in[2], out[2];
  ASSERT_EQ(::pipe2(in, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
  std::atomic<bool> stop{false};
  auto done = std::async(std::launch::async, [&] {
    return serve_stdio(c, in[0], out[1], {}, [&] { return stop.load(); }).ok();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  stop = true;
  ASSERT_EQ(done.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_TRUE(done.get());
  for (int fd : {in[0], in[1], out[0], out[1]})
    ::close(fd);
}

} // namespace
} // namespace sctrace::mcp
