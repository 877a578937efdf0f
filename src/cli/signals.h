// Signal handling for the CLI: SIGINT/SIGTERM/SIGHUP only count in a flag
// that the trace loop polls (handlers do nothing else: async-signal-safe).
// The first stops the trace cleanly; another once it is stopping ends it at
// once (engine::SessionOptions::stop_flag).
#pragma once

#include <csignal>

namespace sctrace::cli {

// Installs the handlers and ignores SIGPIPE. Returns the flag.
const volatile std::sig_atomic_t* install_stop_handlers();

} // namespace sctrace::cli
