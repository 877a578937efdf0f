// strace's log, as written by `strace -f -qq -ttt -T -o FILE`, parsed into
// calls, process exits and signals.
//
// Contract:
//  - Lines are `PID TIME BODY`; PID (or strace's `[pid N] ` prefix) and
//    TIME (-ttt seconds, or -tt/-t wall clock) are optional.
//  - A call split by another thread (`name(args <unfinished ...>` then
//    `<... name resumed>rest`) becomes one call, at the position of its
//    entry. A call never resumed (its thread exited or the log ended) has
//    no return value.
//  - Lines that are neither calls, exits (`+++ ... +++`), nor signals
//    (`--- ... ---`) are counted as malformed, never fatal.
//  - Parsing is pure and total; only reading the file can fail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace sctrace::compare {

// What strace printed after "= ".
struct StraceReturn {
  enum class Kind {
    Value,   // "= 3", "= 0x7f2a...", "= 1 ([{fd=3, revents=POLLIN}])"
    Error,   // "= -1 ENOENT (No such file or directory)"
    Unknown, // "= ?" (exit_group), "= ? ERESTARTSYS (To be restarted...)"
  };
  Kind kind = Kind::Value;
  std::int64_t value = 0;          // Value (and -1 for Error)
  bool hex = false;                // Value printed as 0x...
  std::string error;               // "ENOENT"; "" when unnamed
  std::optional<int> errno_number; // "(errno 41)" for unnamed errors
  std::string text; // everything after "= " except the -T duration
};

struct StraceCall {
  std::uint32_t tid = 0;    // 0 when the log has no pid column
  std::int64_t time_us = 0; // entry, microseconds; 0 without -t
  std::size_t line = 0;     // 1-based line of the entry
  std::string syscall;
  std::string args_text;            // between the parentheses, joined
  std::vector<std::string> args;    // split_args(args_text)
  std::optional<StraceReturn> ret;  // nullopt: never resumed
  std::optional<double> duration_s; // -T
};

struct StraceExit {
  std::uint32_t tid = 0;
  std::int64_t time_us = 0;
  std::optional<int> exit_code; // "+++ exited with N +++"
  std::string signal;           // "+++ killed by SIGTERM +++"
  std::string text;             // the line's body
};

struct StraceSignal {
  std::uint32_t tid = 0;
  std::int64_t time_us = 0;
  std::string signal; // "SIGCHLD"
  std::string text;   // the line's body
};

struct StraceLog {
  std::vector<StraceCall> calls; // in entry order
  std::vector<StraceExit> exits;
  std::vector<StraceSignal> signals;
  std::size_t malformed = 0;
  std::vector<std::string> malformed_examples; // the first few
};

StraceLog parse_strace_log(std::string_view text);

// Reads and parses FILE; Io error when it cannot be read.
Result<StraceLog> read_strace_log(const std::string& path);

// Parses what follows "= " (the -T duration already removed).
StraceReturn parse_strace_return(std::string_view text);

// The call as one strace line without pid and time:
// `openat(AT_FDCWD, "/x", O_RDONLY) = 3`, or `... <unfinished ...>`.
std::string strace_call_text(const StraceCall& call);

} // namespace sctrace::compare
