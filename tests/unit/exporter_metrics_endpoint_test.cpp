// The exporter's HTTP endpoint (exporter/metrics_endpoint.h) on real
// loopback, driven with the real curl (server_harness.h): 503 before the
// first snapshot, the metrics and their Content-Type after, the index
// page, methods, a taken port, IPv6, and a clean stop.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "exporter/metrics_endpoint.h"
#include "exporter_snapshots.h"
#include "server_harness.h"

namespace sctrace::exporter {
namespace {

using server::test::curl;

// A source the test sets; thread-safe like Monitor::latest().
class Source {
public:
  void set(monitor::Snapshot s) {
    std::lock_guard lock(mutex_);
    latest_ = std::make_shared<const monitor::Snapshot>(std::move(s));
  }
  std::shared_ptr<const monitor::Snapshot> get() {
    std::lock_guard lock(mutex_);
    return latest_;
  }

private:
  std::mutex mutex_;
  std::shared_ptr<const monitor::Snapshot> latest_;
};

// An endpoint on HOST, port 0, served on a thread until destroyed.
class Running {
public:
  Running(Source& source, const std::string& host = "127.0.0.1")
      : endpoint_(EndpointOptions{host, 0},
                  [&source] { return source.get(); }) {
    auto port = endpoint_.bind();
    if (!port.ok())
      throw std::runtime_error(port.error().message);
    port_ = *port;
    thread_ = std::thread([this] { endpoint_.run(); });
  }
  ~Running() {
    endpoint_.stop();
    thread_.join();
  }
  std::string url(const std::string& path,
                  const std::string& host = "127.0.0.1") const {
    return "http://" + host + ":" + std::to_string(port_) + path;
  }
  int port() const { return port_; }

private:
  MetricsEndpoint endpoint_;
  int port_ = 0;
  std::thread thread_;
};

TEST(ExporterMetricsEndpoint, Answers503BeforeTheFirstSnapshot) {
  Source source;
  Running running(source);
  const auto r = curl({running.url("/metrics")});
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("no snapshot yet"), std::string::npos) << r.body;
}

TEST(ExporterMetricsEndpoint, ServesTheMetricsOfTheLatestSnapshot) {
  Source source;
  Running running(source);
  source.set(test::small_snapshot());
  auto r = curl({running.url("/metrics")});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"),
            "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("syscall_total{syscall=\"read\"} 3\n"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("sctrace_scrape_duration_seconds 0\n"),
            std::string::npos);
  monitor::Snapshot next = test::small_snapshot();
  next.seq = 8;
  test::add_calls(next.total["read"], 1000, 1);
  source.set(next);
  r = curl({running.url("/metrics")});
  EXPECT_NE(r.body.find("syscall_total{syscall=\"read\"} 4\n"),
            std::string::npos);
  // The second scrape reports the first one's render time.
  EXPECT_EQ(r.body.find("sctrace_scrape_duration_seconds 0\n"),
            std::string::npos);
  // The quantile window now starts at the first scrape's snapshot.
  EXPECT_NE(r.body.find("syscall_duration_quantile_seconds{quantile=\"0.5\","
                        "syscall=\"read\"} 7.675e-07\n"),
            std::string::npos)
      << r.body;
}

TEST(ExporterMetricsEndpoint, IndexLinksMetricsAndOtherPathsAre404) {
  Source source;
  Running running(source);
  auto r = curl({running.url("/")});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("href=\"/metrics\""), std::string::npos);
  r = curl({running.url("/nope")});
  EXPECT_EQ(r.status, 404);
  r = curl({"-X", "POST", "-d", "", running.url("/metrics")});
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET, HEAD");
}

TEST(ExporterMetricsEndpoint, ATakenPortIsAClearError) {
  Source source;
  Running running(source);
  MetricsEndpoint second(EndpointOptions{"127.0.0.1", running.port()},
                         [&source] { return source.get(); });
  auto port = second.bind();
  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.error().kind, ErrorKind::System);
  EXPECT_NE(port.error().message.find("cannot listen on 127.0.0.1:" +
                                      std::to_string(running.port())),
            std::string::npos)
      << port.error().message;
}

TEST(ExporterMetricsEndpoint, ListensOnIpv6Loopback) {
  Source source;
  source.set(test::small_snapshot());
  std::unique_ptr<Running> running;
  try {
    running = std::make_unique<Running>(source, "::1");
  } catch (const std::exception& e) {
    GTEST_SKIP() << "no IPv6 loopback here: " << e.what();
  }
  const auto r = curl({"-g", running->url("/metrics", "[::1]")});
  EXPECT_EQ(r.status, 200);
}

TEST(ExporterMetricsEndpoint, StopBeforeRunReturnsAtOnce) {
  Source source;
  MetricsEndpoint endpoint(EndpointOptions{"127.0.0.1", 0},
                           [&source] { return source.get(); });
  ASSERT_TRUE(endpoint.bind().ok());
  endpoint.stop();
  endpoint.run(); // returns: stop() came first
  SUCCEED();
}

} // namespace
} // namespace sctrace::exporter
