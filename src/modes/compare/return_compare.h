// Whether the return value of a paired call agrees between strace's text
// and sctrace's event.
//
// Contract (pure, total):
//  - Errors compare by errno number ("-1 ENOENT" vs return_value -2), so
//    aliases (EWOULDBLOCK, EAGAIN) agree; strace's "? ERESTARTSYS" compares
//    with sctrace's -512.
//  - "= ?" agrees with a call that never returned (exit, exit_group).
//  - Values compare as numbers, except for calls whose value differs
//    between runs by nature (process ids from clone/fork/wait4/getpid,
//    addresses from mmap/brk/mremap, the time): there only success is
//    compared (returns_vary).
//  - Ignored when either side did not see the call end.
#pragma once

#include <string_view>

#include "modes/compare/arg_compare.h"
#include "modes/compare/sctrace_log.h"
#include "modes/compare/strace_log.h"

namespace sctrace::compare {

bool returns_vary(std::string_view syscall);

Comparison compare_return(const StraceCall& strace, const SctraceCall& sctrace);

} // namespace sctrace::compare
