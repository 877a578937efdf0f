// Writes a whole text into a pipe whose reader is a child process: the
// program bpftrace reads from /proc/self/fd/N while it is still loading.
//
// Contract:
//  - write_to_child(fd, text, child_pidfd, timeout) writes all of text to
//    fd (the write end of a pipe; it is made non-blocking) and returns Ok
//    once the pipe holds the rest. It does not close fd: the caller does,
//    which is the reader's end of file.
//  - It never raises SIGPIPE: a reader that is gone is an Io error
//    ("... closed the pipe"), as is a child that exits while the pipe is
//    full, or a pipe still full after timeout (a reader that never reads:
//    nothing hangs).
//  - child_pidfd may be -1 (no pidfd): then only the timeout bounds it.
#pragma once

#include <chrono>
#include <string_view>

#include "util/result.h"

namespace sctrace::run {

Result<void> write_to_child(int fd, std::string_view text, int child_pidfd,
                            std::chrono::milliseconds timeout);

} // namespace sctrace::run
