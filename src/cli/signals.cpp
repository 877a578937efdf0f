#include "cli/signals.h"

#include <signal.h>

#include <initializer_list>

namespace sctrace::cli {

namespace {
volatile std::sig_atomic_t g_stop = 0;
void on_stop(int) {
  g_stop = 1;
}
} // namespace

const volatile std::sig_atomic_t* install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP})
    ::sigaction(sig, &sa, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  return &g_stop;
}

} // namespace sctrace::cli
