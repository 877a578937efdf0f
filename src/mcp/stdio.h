// MCP's stdio transport: one JSON-RPC message per line on an input fd,
// one per line on an output fd, through a Connection.
//
// Contract of serve_stdio():
//  - Each line is handed to the Connection. A line longer than
//    max_line_bytes is not buffered; it is answered with one -32600 error
//    (id null) and skipped, and the server goes on.
//  - Each outgoing message is written as one line (compact JSON, strings
//    that are not UTF-8 replaced, never a raw newline) under one mutex,
//    so lines never interleave. A closed output (EPIPE) ends nothing by
//    itself: the remaining messages are dropped until the input ends.
//  - tools/call requests (and batches holding one) run on their own
//    threads, at most max_calls at once, so notifications/cancelled can
//    be read while they run; one more is answered at once with an error
//    result whose code is "busy".
//  - At EOF (or when `stop` returns true) every running call is
//    cancelled, serve_stdio waits for them and returns. A failing read is
//    an Error (ErrorKind::Io) after the same clean-up.
//  - Nothing but protocol messages is written to out_fd.
#pragma once

#include <cstddef>
#include <functional>

#include "mcp/connection.h"
#include "util/result.h"

namespace sctrace::mcp {

struct StdioOptions {
  std::size_t max_line_bytes = 4 * 1024 * 1024;
  std::size_t max_calls = 8;
};

Result<void> serve_stdio(Connection& connection, int in_fd, int out_fd,
                         const StdioOptions& options,
                         const std::function<bool()>& stop = {});

} // namespace sctrace::mcp
