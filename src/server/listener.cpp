// One cpp-httplib server's lifecycle (listener.h).
#include "server/listener.h"

#include <chrono>
#include <thread>

#include <httplib.h>
#include <sys/socket.h>

namespace sctrace::server {

namespace {

// httplib's default also sets SO_REUSEPORT: a second server on a port
// already served would then bind too and share its connections. Only
// SO_REUSEADDR (a restart may rebind while old connections linger).
void reuse_address_only(socket_t sock) {
  int yes = 1;
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

} // namespace

Result<int> bind_listener(httplib::Server& http, const std::string& host,
                          int port) {
  http.set_socket_options(reuse_address_only);
  const int bound = port == 0 ? http.bind_to_any_port(host)
                    : http.bind_to_port(host, port) ? port
                                                    : -1;
  if (bound < 0)
    return make_error(ErrorKind::System,
                      "cannot listen on " + host + ":" + std::to_string(port) +
                          ": the address is not this host's, or the port is "
                          "in use or needs privileges; pick another "
                          "--listen HOST:PORT");
  return bound;
}

void run_listener(httplib::Server& http, ListenState& state) {
  state.in_run = true;
  if (!state.stopping)
    http.listen_after_bind();
  state.in_run = false;
}

void stop_listener(httplib::Server* http, ListenState& state) {
  state.stopping = true;
  if (http == nullptr)
    return;
  // httplib's stop() only works once listening began: wait for run() to
  // get there (or to return), at most about 10 s.
  for (int i = 0; i < 10000 && state.in_run && !http->is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  http->stop();
}

} // namespace sctrace::server
