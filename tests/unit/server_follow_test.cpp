// GET /v1/traces/{id}/events?follow=1: an NDJSON stream of the backend's
// events that ends when the trace is done.
#include <atomic>
#include <string>

#include <gtest/gtest.h>
#include <httplib.h>

#include "server_harness.h"

namespace sctrace::server::test {
namespace {

const std::string kLines = "{\"seq\":0,\"syscall\":\"openat\"}\n"
                           "{\"seq\":1,\"syscall\":\"openat\"}\n"
                           "{\"seq\":2,\"syscall\":\"openat\"}\n";

TEST(ServerFollow, streams_the_events_as_json_lines_then_ends) {
  RunningServer s;
  const Response r =
      curl({"-N", "-H", bearer(), s.url("/v1/traces/t1/events?follow=1")});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/x-ndjson");
  EXPECT_EQ(r.header("transfer-encoding"), "chunked");
  EXPECT_EQ(r.body, kLines);
  const auto calls = s.backend.calls();
  ASSERT_EQ(calls.size(), 5u); // get_trace, then wait_events x4
  EXPECT_EQ(calls[0].name, "get_trace");
  for (std::size_t i = 1; i < calls.size(); ++i) {
    EXPECT_EQ(calls[i].name, "wait_events");
    EXPECT_EQ(calls[i].args["cursor"], i - 1);
    EXPECT_EQ(calls[i].args["limit"], 1000);
    EXPECT_EQ(calls[i].args["timeout_ms"], 1000);
  }
}

TEST(ServerFollow, starts_at_the_cursor_with_httplib_client) {
  RunningServer s;
  httplib::Client client("127.0.0.1", s.port);
  client.set_bearer_token_auth(kToken.c_str());
  std::string received;
  auto res = client.Get("/v1/traces/t1/events?follow=true&cursor=2&limit=5",
                        [&](const char* data, std::size_t n) {
                          received.append(data, n);
                          return true;
                        });
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(received, "{\"seq\":2,\"syscall\":\"openat\"}\n");
  EXPECT_EQ(s.backend.calls()[1].args["limit"], 5);
}

TEST(ServerFollow, unknown_trace_is_a_json_404_before_any_stream) {
  RunningServer s;
  const Response r =
      curl({"-H", bearer(), s.url("/v1/traces/nope/events?follow=1")});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.json()["error"]["code"], "no_such_trace");
}

// A backend whose trace never ends: the stream stops at follow_max, and
// stop() ends a stream in flight.
class EndlessBackend : public FakeBackend {
public:
  std::atomic<int> waits{0};
  Reply wait_events(const std::string&, std::uint64_t cursor, std::size_t,
                    std::chrono::milliseconds timeout) override {
    ++waits;
    std::this_thread::sleep_for(
        std::min(timeout, std::chrono::milliseconds(100)));
    return Reply{200,
                 {{"events", nlohmann::json::array({{{"seq", cursor}}})},
                  {"next_cursor", cursor + 1},
                  {"done", false}}};
  }
};

TEST(ServerFollow, ends_at_follow_max) {
  EndlessBackend backend;
  ServerOptions o = test_options();
  o.follow_max = std::chrono::seconds(1);
  Server server(o, backend);
  auto port = server.bind();
  ASSERT_TRUE(port.ok()) << port.error().message;
  std::thread thread([&] { server.run(); });
  const auto t0 = std::chrono::steady_clock::now();
  const Response r = curl({"-H", bearer(),
                           "http://127.0.0.1:" + std::to_string(*port) +
                               "/v1/traces/t1/events?follow=1"});
  const auto took = std::chrono::steady_clock::now() - t0;
  server.stop();
  thread.join();
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.status, 200);
  EXPECT_GE(r.body.size(), 5u);
  EXPECT_EQ(r.body.back(), '\n');
  EXPECT_LT(took, std::chrono::seconds(4));
}

TEST(ServerFollow, stop_ends_a_stream_in_flight) {
  EndlessBackend backend;
  Server server(test_options(), backend);
  auto port = server.bind();
  ASSERT_TRUE(port.ok()) << port.error().message;
  std::thread thread([&] { server.run(); });
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    server.stop();
  });
  const auto t0 = std::chrono::steady_clock::now();
  const Response r = curl({"-H", bearer(),
                           "http://127.0.0.1:" + std::to_string(*port) +
                               "/v1/traces/t1/events?follow=1"});
  stopper.join();
  thread.join();
  EXPECT_EQ(r.status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(4));
}

TEST(ServerFollow, a_client_that_goes_away_ends_the_stream) {
  EndlessBackend backend;
  Server server(test_options(), backend);
  auto port = server.bind();
  ASSERT_TRUE(port.ok()) << port.error().message;
  std::thread thread([&] { server.run(); });
  const Response r = curl({"--max-time", "1", "-H", bearer(),
                           "http://127.0.0.1:" + std::to_string(*port) +
                               "/v1/traces/t1/events?follow=1"});
  EXPECT_EQ(r.exit_code, 28); // curl's timeout
  // The server notices within a round or two (100 ms each here).
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const int after_close = backend.waits;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(backend.waits, after_close);
  EXPECT_GE(after_close, 5);
  server.stop();
  thread.join();
}

TEST(Server, stop_waits_at_most_2_s_for_an_idle_keep_alive_client) {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", 0);
  std::chrono::steady_clock::time_point t0;
  {
    RunningServer s;
    client = std::make_unique<httplib::Client>("127.0.0.1", s.port);
    client->set_keep_alive(true);
    for (int i = 0; i < 2; ++i) {
      auto res = client->Get("/healthz");
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 200);
    }
    t0 = std::chrono::steady_clock::now();
  } // stop() with the connection still open
  EXPECT_LT(std::chrono::steady_clock::now() - t0,
            std::chrono::milliseconds(3000));
}

TEST(Server, stop_before_run_makes_run_return) {
  FakeBackend backend;
  Server server(test_options(), backend);
  ASSERT_TRUE(server.bind().ok());
  server.stop();
  server.run(); // returns at once
}

TEST(Server, bind_refuses_bad_options) {
  FakeBackend backend;
  ServerOptions no_token = test_options();
  no_token.token.clear();
  EXPECT_EQ(Server(no_token, backend).bind().error().kind, ErrorKind::Invalid);
  ServerOptions half_tls = test_options();
  half_tls.tls_cert = "/nonexistent.pem";
  EXPECT_EQ(Server(half_tls, backend).bind().error().kind, ErrorKind::Invalid);
  ServerOptions threads = test_options();
  threads.threads = 0;
  EXPECT_EQ(Server(threads, backend).bind().error().kind, ErrorKind::Invalid);
}

} // namespace
} // namespace sctrace::server::test
