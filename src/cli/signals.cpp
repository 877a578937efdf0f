#include "cli/signals.h"

#include <signal.h>

#include <initializer_list>

namespace sctrace::cli {

namespace {
volatile std::sig_atomic_t g_stop = 0;
// Counts: the engine stops on the first request and ends at once on one
// that comes once it has begun to stop. The other stop signals are blocked
// while this runs (sa_mask), so no increment is lost.
void on_stop(int) {
  if (g_stop < 1000)
    g_stop = g_stop + 1;
}
} // namespace

const volatile std::sig_atomic_t* install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP})
    sigaddset(&sa.sa_mask, sig);
  for (int sig : {SIGINT, SIGTERM, SIGHUP})
    ::sigaction(sig, &sa, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  return &g_stop;
}

} // namespace sctrace::cli
