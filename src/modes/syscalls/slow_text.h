// Text output of `sctrace slow`: one block per slow call, as seed 003
// shows it:
//
//   SLOW SYSCALL: read() took 45.2ms
//     PID: 1842  COMM: postgres  TID: 1845
//     fd=7 (/var/lib/postgresql/data/base/16384/2663)
//     Args: buf=0x7f..., count=8192
//     Stack: postgres`heap_fetch+0x42 <- postgres`index_getnext+0x1a
//
// then, at the end, how many calls were slow and how many were under their
// threshold. Every byte from the traced process is C-escaped.
#pragma once

#include <memory>
#include <ostream>

#include "modes/syscalls/output.h"

namespace sctrace::syscalls {

std::unique_ptr<SyscallWriter> make_slow_text_writer(std::ostream& out);

} // namespace sctrace::syscalls
