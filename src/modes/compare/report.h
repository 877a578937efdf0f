// The report of `sctrace compare`, as text (a readable table) or as one
// JSON document.
//
// Contract:
//  - JSON: {"command", "syscalls", "untraced_seconds", "untraced_exit_code",
//    "strace": {seconds, slowdown, added_seconds, span_seconds, calls,
//    unfinished_calls, exit_code}, "sctrace": {the same, events_dropped,
//    lost_reported, started_before_trace, warnings}, "threads",
//    "per_syscall": [{syscall, strace, sctrace, match}], "count_mismatches",
//    "paired_calls", "unpaired_calls", "returns_compared",
//    "return_mismatches", "arguments_compared", "arguments_ignored",
//    "argument_mismatches", "disagreements": [{kind, syscall, argument,
//    count}], "examples": [{kind, syscall, argument, nth, strace_tid,
//    sctrace_tid, strace_line, sctrace_line, strace, sctrace, detail}],
//    "features": {strace_only, sctrace_only} (features.h), "logs",
//    "verdict": "match"|"mismatch"}. Example "sctrace" is the event object
//    itself. strace also has "signals"; on running processes (attach.h)
//    "command" and "untraced_seconds" are null, the report has "target",
//    "pids", "duration_seconds" and "windows" (report_live.h), and sctrace
//    has "outside_window". Always valid UTF-8 (bad bytes become U+FFFD).
//  - verdict is "match" when every per-syscall count agrees and no return
//    value differs (Diff::match); argument disagreements are reported but
//    do not change it.
#pragma once

#include <ostream>
#include <string>

#include "modes/compare/session.h"

namespace sctrace::compare {

std::string json_report(const CompareResult& result);
std::string text_report(const CompareResult& result);

} // namespace sctrace::compare
