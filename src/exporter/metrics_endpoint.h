// The exporter's HTTP endpoint: GET /metrics (render.h over the newest
// snapshot of a source) and GET / (a short page linking it), on cpp-httplib
// and listening as `sctrace serve` does (server/listener.h).
//
// Contract:
//  - GET /metrics answers 200 with Content-Type `text/plain;
//    version=0.0.4; charset=utf-8`, or 503 (text/plain, saying that no
//    snapshot has been taken yet) while the source returns null. HEAD is
//    answered like GET without a body. Anything else is 404; other methods
//    on / and /metrics 405.
//  - Each scrape adds its snapshot to the quantile window and reports the
//    previous scrape's render time in sctrace_scrape_duration_seconds.
//  - The source is called on the server's worker threads, possibly at
//    once; it must be thread-safe (monitor::Monitor::latest() is).
//  - bind() binds (System error when it cannot); run() serves until stop();
//    stop() is thread-safe, idempotent and may come before run().
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "modes/monitor/monitor.h"
#include "util/result.h"

namespace sctrace::exporter {

using SnapshotSource =
    std::function<std::shared_ptr<const monitor::Snapshot>()>;

struct EndpointOptions {
  std::string host = "127.0.0.1";
  int port = 9464; // 0: any free port (bind() returns it)
  std::vector<double> quantiles{0.5, 0.9, 0.99};
  double quantile_window_seconds = 60;
  int threads = 4;
};

class MetricsEndpoint {
public:
  MetricsEndpoint(EndpointOptions options, SnapshotSource source);
  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  Result<int> bind();
  void run();
  void stop();

  struct Impl;

private:
  std::unique_ptr<Impl> impl_;
};

} // namespace sctrace::exporter
