// Binding, serving and stopping one cpp-httplib server: shared by `sctrace
// serve`'s Server and the exporter's MetricsEndpoint, so both listen the
// same way (IPv4 or IPv6 literal hosts, port 0 for any free port) and say
// the same thing when they cannot.
//
// Contract:
//  - bind_listener binds HTTP to HOST:PORT and returns the bound port, or
//    a System error naming the address and what to do (the address is not
//    this host's, the port is taken or needs privileges). A port another
//    socket listens on is taken: no SO_REUSEPORT (httplib's default sets
//    it, and two servers would then share one port silently).
//  - run_listener serves until stop_listener; it returns at once when
//    stop_listener came first. stop_listener is thread-safe and
//    idempotent, and may be called with a null server (before a bind).
#pragma once

#include <atomic>
#include <string>

#include "util/result.h"

namespace httplib {
class Server;
}

namespace sctrace::server {

struct ListenState {
  std::atomic<bool> stopping{false};
  std::atomic<bool> in_run{false};
};

Result<int> bind_listener(httplib::Server& http, const std::string& host,
                          int port);
void run_listener(httplib::Server& http, ListenState& state);
void stop_listener(httplib::Server* http, ListenState& state);

} // namespace sctrace::server
