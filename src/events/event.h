// TraceEvent and Summary: the structured data sctrace produces.
//
// Field names follow the seed document's event model (timestamp, pid, tid,
// comm/process_name, function, message, raw_args, retval) and summary
// (total events, duration, events per second, events dropped, top
// processes). Strings hold raw bytes as the kernel had them; writers are
// responsible for escaping (JSON writers replace invalid UTF-8 with U+FFFD).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sctrace::events {

// What a message shows for a string that could not be read.
inline constexpr char kUnreadableString[] = "<unreadable>";

struct TraceEvent {
  std::uint64_t timestamp_ns = 0; // wall clock (CLOCK_REALTIME), ns since epoch
  std::uint64_t monotonic_ns = 0; // bpf_ktime_get_ns() as reported
  std::uint32_t pid = 0;          // process id (tgid)
  std::uint32_t tid = 0;          // thread id
  std::uint32_t cpu = 0;
  // When the process (tgid) started: wall clock, ns since epoch, on the
  // same scale as timestamp_ns; 0 when the program does not record it (the
  // syscalls mode). With pid it names one process across pid reuse.
  std::uint64_t process_start_ns = 0;
  std::string comm;     // process_name
  std::string function; // probed function / tracepoint / USDT probe
  std::string message;  // trace.py-formatted message
  // Format arguments by expression text ("arg3", "retval", ...), in order;
  // integers as decimal text, strings as their bytes. Each name once: an
  // argument the format uses twice ("%d %x", arg1, arg1) is one entry.
  std::vector<std::pair<std::string, std::string>> raw_args;
  // The raw_args names whose string could not be read (bpftrace's str()
  // gave "" for a pointer: a page not faulted in, a bad address, or a
  // really empty string, which bpftrace does not tell apart); their
  // raw_args text is "" and the message shows kUnreadableString.
  std::vector<std::string> unreadable_args;
  std::optional<std::int64_t> retval;
  std::vector<std::string> kernel_stack; // symbolised frames, innermost first
  std::vector<std::string> user_stack;
  // The module (file path) of each user_stack frame as bpftrace's perf
  // stack mode names it, "" when unknown; empty when not known at all.
  std::vector<std::string> user_stack_modules;
  int probe = 0; // index of the probe in the program that produced it
  // Every value of the tuple, split by kind in slot order; filled only for
  // probes whose layout sets expose_values.
  std::vector<std::int64_t> ints;
  std::vector<std::string> strings;
};

// One process of the summary: (pid, start_ns) names it, so a pid the
// kernel reused is a second entry.
struct ProcessCount {
  std::uint32_t pid = 0;
  std::string comm;
  std::uint64_t events = 0;
  std::uint64_t start_ns = 0; // TraceEvent::process_start_ns (0: unknown)
  bool operator==(const ProcessCount&) const = default;
};

struct Summary {
  std::uint64_t total_events = 0; // events delivered to the output
  double duration_seconds = 0;    // wall time from attach to stop
  double events_per_second = 0;
  // Emitted in the kernel - received: exact when loss_exact, else only
  // the loss seen so far (a lower bound).
  std::uint64_t events_dropped = 0;
  // True when every CPU's count of emitted events is known: its drain
  // marker came, or bpftrace printed @sctrace_seq at exit. False when
  // bpftrace died first: events still queued then were lost uncounted.
  bool loss_exact = true;
  std::uint64_t lost_reported = 0; // what bpftrace itself reported lost
  std::uint64_t lost_records = 0;  // lost_events records: buffer fills
  // Events stamped after the stop, received and not delivered (outside the
  // traced window).
  std::uint64_t events_after_stop = 0;
  std::uint64_t helper_errors = 0; // bpftrace helper_error records
  // Event arguments whose string could not be read (unreadable_args).
  std::uint64_t unreadable_strings = 0;
  std::uint64_t malformed_lines = 0; // output lines that did not parse
  bool drained = false;              // every CPU's drain marker arrived
  std::vector<ProcessCount> top_processes;
  std::vector<std::pair<std::string, std::uint64_t>> per_function;
  std::optional<int> bpftrace_exit_code;
  std::optional<int> bpftrace_signal;
  std::optional<int> command_exit_code; // `-- CMD` exit status
  // `-- CMD` was given but never started: bpftrace failed before every
  // probe was attached, so the command was killed before its exec.
  bool command_not_started = false;
  double cpu_seconds = 0;  // CPU of sctrace + bpftrace from attach to stop
  std::string stop_reason; // "duration", "max_events", "interrupted",
                           // "command_exited", "bpftrace_exited"
};

} // namespace sctrace::events
