// sctrace's -e trace= syntax, rewritten for strace 6.1.
//
// The two agree on names, classes (%file, ...), "all", "none" and a
// leading "!", but strace has no globs: it takes /regex instead. A glob
// item ("open*", "?etuid", "set[ug]id") becomes an anchored regex
// ("/^open.*$"); everything else passes as is. "trace=" in front is
// optional. Pure and total.
#pragma once

#include <string>
#include <string_view>

namespace sctrace::compare {

std::string strace_trace_expression(std::string_view list);

} // namespace sctrace::compare
