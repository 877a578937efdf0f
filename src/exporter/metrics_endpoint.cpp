// The exporter's HTTP endpoint (metrics_endpoint.h).
#include "exporter/metrics_endpoint.h"

#include <atomic>
#include <chrono>
#include <csignal>

#include <httplib.h>

#include "exporter/quantile_window.h"
#include "exporter/render.h"
#include "server/listener.h"

namespace sctrace::exporter {

namespace {

constexpr const char* kMetricsType = "text/plain; version=0.0.4; charset=utf-8";
constexpr const char* kIndex =
    "<!DOCTYPE html>\n<html><head><title>sctrace exporter</title></head>\n"
    "<body><h1>sctrace exporter</h1>\n"
    "<p>Syscall statistics in the Prometheus text format: "
    "<a href=\"/metrics\">/metrics</a>.</p>\n</body></html>\n";

} // namespace

struct MetricsEndpoint::Impl {
  Impl(EndpointOptions o, SnapshotSource s)
      : options(std::move(o)), source(std::move(s)),
        window(options.quantile_window_seconds) {}

  EndpointOptions options;
  SnapshotSource source;
  QuantileWindow window;
  std::atomic<double> last_render_seconds{0};
  httplib::Server http;
  server::ListenState listen;

  void metrics(httplib::Response& res);
  void install_routes();
};

void MetricsEndpoint::Impl::metrics(httplib::Response& res) {
  std::shared_ptr<const monitor::Snapshot> snapshot = source();
  if (!snapshot) {
    res.status = 503;
    res.set_content("no snapshot yet: the monitor has not published its "
                    "first statistics; retry after one --interval\n",
                    "text/plain; charset=utf-8");
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  window.add(snapshot);
  const auto base = window.base(*snapshot);
  RenderOptions o;
  o.quantiles = options.quantiles;
  o.window_base = base.get();
  o.scrape_duration_seconds = last_render_seconds.load();
  std::string body = render_metrics(*snapshot, o);
  const std::chrono::duration<double> took =
      std::chrono::steady_clock::now() - start;
  last_render_seconds = took.count();
  res.status = 200;
  res.set_content(std::move(body), kMetricsType);
}

void MetricsEndpoint::Impl::install_routes() {
  http.Get("/metrics", [this](const httplib::Request&, httplib::Response& r) {
    metrics(r);
  });
  http.Get("/", [](const httplib::Request&, httplib::Response& r) {
    r.set_content(kIndex, "text/html; charset=utf-8");
  });
  auto not_allowed = [](const httplib::Request&, httplib::Response& r) {
    r.status = 405;
    r.set_header("Allow", "GET, HEAD");
    r.set_content("method not allowed: use GET\n", "text/plain");
  };
  for (const char* path : {"/", "/metrics"}) {
    http.Post(path, not_allowed);
    http.Put(path, not_allowed);
    http.Delete(path, not_allowed);
    http.Patch(path, not_allowed);
  }
  http.set_error_handler([](const httplib::Request&, httplib::Response& r) {
    if (r.status == 404)
      r.set_content("not found: the metrics are at /metrics\n", "text/plain");
  });
}

MetricsEndpoint::MetricsEndpoint(EndpointOptions options, SnapshotSource source)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(source))) {}

MetricsEndpoint::~MetricsEndpoint() {
  stop();
}

Result<int> MetricsEndpoint::bind() {
  Impl& s = *impl_;
  if (s.options.port < 0 || s.options.port > 65535)
    return make_error(ErrorKind::Invalid,
                      "port " + std::to_string(s.options.port) +
                          " is out of range: give 1..65535, or 0 for any");
  ::signal(SIGPIPE, SIG_IGN);
  const auto threads = static_cast<std::size_t>(std::max(1, s.options.threads));
  s.http.new_task_queue = [threads] {
    return new httplib::ThreadPool(threads);
  };
  s.http.set_read_timeout(5, 0);
  s.http.set_write_timeout(5, 0);
  s.http.set_keep_alive_timeout(2);
  s.install_routes();
  return server::bind_listener(s.http, s.options.host, s.options.port);
}

void MetricsEndpoint::run() {
  server::run_listener(impl_->http, impl_->listen);
}

void MetricsEndpoint::stop() {
  server::stop_listener(&impl_->http, impl_->listen);
}

} // namespace sctrace::exporter
