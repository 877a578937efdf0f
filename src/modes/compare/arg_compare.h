// Whether one argument of a paired call agrees between strace's text and
// sctrace's event.
//
// Contract (pure, total). Rules, in order:
//  - Ignored: sctrace could not read the argument (extraction_errors
//    *_read_failed / *_unavailable); strace named it (`flags=...`, as in
//    clone), so positions do not line up; it is a process or thread id
//    (pid, upid, tgid, tid, ...), which differ between runs; either side
//    is a pointer (0x...), which differ between runs; strace shows memory
//    sctrace does not capture (read/write buffers, structs {...}, arrays
//    [...]) where sctrace shows a number or a pointer.
//  - NULL, null and 0 are the same null pointer.
//  - Strings compare as bytes after decoding strace's escapes; strace's
//    `"..."...` and sctrace's *_truncated compare as prefixes; bytes that
//    are not UTF-8 compare as U+FFFD, as sctrace's JSON carries them.
//  - Socket addresses compare family, path, port and address.
//  - Anything else compares as text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "modes/compare/sctrace_log.h"

namespace sctrace::compare {

// How one value of a paired call compares between the two runs.
enum class Verdict { Equal, Differ, Ignored };

struct Comparison {
  Verdict verdict = Verdict::Equal;
  std::string reason; // why Ignored: "pointer", "buffer", "pid", ...
};

Comparison compare_arg(std::string_view syscall, const SctraceCall& call,
                       const SctraceArg& arg, std::string_view strace_arg);

// How many leading arguments line up by position between strace and the
// tracepoint's fields. All of them, except futex, whose later arguments
// strace prints by operation (FUTEX_WAIT_BITSET shows val3 where uaddr2
// is): only uaddr, op and val are compared there.
std::size_t comparable_args(std::string_view syscall);

// Bytes as sctrace's JSON carries them: every byte of an invalid UTF-8
// sequence becomes U+FFFD.
std::string lossy_utf8(std::string_view bytes);

} // namespace sctrace::compare
