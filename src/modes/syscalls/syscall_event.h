// SyscallEvent and SyscallSummary: what `sctrace syscalls` produces, in the
// shape of seed 000's trace_syscalls output (specs/syscall_event.schema.json
// and specs/syscall_summary.schema.json).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sctrace::syscalls {

// One decoded argument. JSON: Int -> number, Text/Path -> string,
// Null -> null, Sockaddr -> object. strace text: Int -> decimal,
// Text -> as is (flags, AT_FDCWD, 0x... pointers), Path -> quoted and
// escaped, Null -> NULL, Sockaddr -> {sa_family=..., ...}.
struct SyscallArg {
  enum class Kind { Int, Text, Path, Null, Sockaddr };
  std::string name;
  Kind kind = Kind::Int;
  std::int64_t number = 0;
  std::string text; // Text, Path (raw bytes)
  // Sockaddr
  std::string family;
  std::string address;
  std::optional<int> port;
  std::string path;
  bool abstract = false;
  bool truncated = false; // Path: may be longer than what was read

  // Empties the sockaddr members and `truncated`, keeping the strings'
  // capacity (decoders reuse an event's arguments).
  void clear_extras() {
    family.clear();
    address.clear();
    port.reset();
    path.clear();
    abstract = false;
    truncated = false;
  }
};

enum class Unfinished {
  No,
  StartedBeforeTrace, // exit seen, entry not: arguments unknown
  RunningAtStop,      // still in the call when tracing stopped
  NeverReturned,      // exit, exit_group, or the thread died in the call
};
const char* unfinished_name(Unfinished u); // "" for No

// What an event is: a syscall, or (--process-events) a signal delivered
// to a traced thread or a traced process's exit.
enum class EventKind { Syscall, Signal, Exit };

// A delivered signal as strace shows its siginfo. The sender's side
// (pid, uid, status, times) is known when sctrace saw the signal queued
// (sender_known); SIGCHLD's status and times are the child's.
struct SignalInfo {
  int signo = 0;
  int code = 0; // si_code
  bool sender_known = false;
  std::int64_t pid = 0, uid = 0;
  std::int64_t status = 0;           // the sender's exit_code (a wait status)
  std::int64_t utime = 0, stime = 0; // clock ticks
};

struct SyscallEvent {
  EventKind kind = EventKind::Syscall;
  SignalInfo signal;              // kind Signal
  std::int64_t exit_code = 0;     // kind Exit: the wait status (code << 8, or
                                  // the killing signal | 0x80 when dumped)
  std::uint64_t timestamp_ns = 0; // CLOCK_REALTIME of the call's entry
  std::uint32_t pid = 0, tid = 0;
  std::string comm;
  std::string syscall;
  int nr = 0;
  std::vector<SyscallArg> args;
  // Nonzero when SyscallDecoder named the event: then every event with the
  // same names_id has the same syscall, nr, and name for each argument
  // position (writers keep those names' JSON by it). 0 says nothing.
  // Whoever changes syscall, nr or an argument's name after decoding sets
  // it to 0.
  std::uint32_t names_id = 0;
  std::vector<std::string> extraction_errors; // "filename_read_failed", ...
  std::optional<std::int64_t> return_value;
  std::optional<std::uint64_t> duration_ns;
  int error = 0; // errno when the call failed, else 0
  Unfinished unfinished = Unfinished::No;
  // sctrace slow: what fd arguments referred to ("fd" -> "/var/log/x",
  // "socket:[123]" or "TCP 10.0.0.1:5432 -> 10.0.0.2:40000"), and the user
  // stack, innermost frame first.
  std::vector<std::pair<std::string, std::string>> fd_paths;
  std::vector<std::string> user_stack;
  // sctrace syscalls -y/-yy (fd_annotator.h): fd_paths holds each fd
  // named, "return_value" for a returned fd, and fd_path the first.
  std::optional<std::string> fd_path;
};

struct SyscallCount {
  std::string syscall;
  std::uint64_t count = 0, errors = 0, total_ns = 0;
};

struct ToolStats {
  std::uint64_t events_captured = 0;
  std::uint64_t events_dropped = 0; // a lower bound when !loss_exact
  bool loss_exact = true;           // events::Summary::loss_exact
  std::uint64_t ring_buffer_fills = 0;
  std::uint64_t filename_resolution_failures = 0;
  double cpu_overhead_percent = 0;
  std::uint64_t lost_reported = 0;
  std::uint64_t events_after_stop = 0; // received, stamped after the stop
  // -y/-yy only: fds printed as plain numbers (neither the trace's calls
  // nor /proc knew what they were).
  std::optional<std::uint64_t> fd_paths_unresolved;
  std::string bpftrace_version;
  int string_size = 0;
  int buffer_pages = 0;
  bool drained = false;
};

// sctrace slow: the minimums and the calls under them.
struct SlowStats {
  std::optional<std::uint64_t> default_threshold_ns;
  std::vector<std::pair<std::string, std::uint64_t>> thresholds; // syscall
  std::uint64_t fast_calls = 0; // completed under their threshold
  std::vector<std::pair<std::string, std::uint64_t>> fast_by_syscall;
};

struct SyscallSummary {
  std::uint64_t total_events = 0;
  double duration_seconds = 0;
  double syscalls_per_second = 0;
  double error_rate = 0;
  std::uint64_t unfinished_calls = 0;
  std::vector<SyscallCount> per_syscall; // by count, descending
  std::string stop_reason;
  std::optional<int> command_exit_code;
  ToolStats tool_stats;
  std::optional<SlowStats> slow; // sctrace slow only
};

} // namespace sctrace::syscalls
