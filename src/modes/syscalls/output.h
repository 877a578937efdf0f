// Output of `sctrace syscalls`: text (strace-like lines), json (one
// document {"events": [...], "summary": {...}}), jsonl (one event per
// line, then {"summary": {...}}) and csv. JSON follows specs/
// syscall_event.schema.json, syscall_summary.schema.json and
// syscall_trace.schema.json; strings are always valid UTF-8 (invalid
// bytes become U+FFFD), text output escapes every control byte, and CSV
// quotes every field that needs it, so no path or comm can break a format.
// Every primitive (escaping, numbers, timestamps) is src/output/'s.
//
// Writers stream: memory does not grow with the number of events. An
// event reaches the stream by the next flush() (the syscalls mode calls it
// after each batch of bpftrace output), finish() or the writer's end.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "modes/syscalls/syscall_event.h"
#include "modes/syscalls/text_time.h"
#include "util/result.h"

namespace sctrace::syscalls {

class SyscallWriter {
public:
  virtual ~SyscallWriter() = default;
  virtual void event(const SyscallEvent& e) = 0;
  // Ends the output with the summary (text: the summary goes to `notes`).
  virtual void finish(const SyscallSummary& s) = 0;
  // Writes what is buffered (called after each batch of events).
  void flush() {
    drain();
    out_.flush();
  }
  bool failed() const { return out_.fail(); }

protected:
  explicit SyscallWriter(std::ostream& out) : out_(out) {}
  // Hands the events the writer holds back to out_ (jsonl holds a batch
  // of them, up to flush(), finish() or its size limit).
  virtual void drain() {}
  std::ostream& out_;
  std::string buf_;
};

// format: text, json, jsonl or csv. Text writes its summary table to notes
// and takes TEXT's strace options (text_time.h); other formats refuse
// anything but the default TEXT (ErrorKind::Invalid: their events carry
// timestamp and duration_ns already). PROCESS_EVENTS: the trace has
// signal and exit events (EventKind), and CSV gets a last column `type`
// (syscall, signal or exit).
Result<std::unique_ptr<SyscallWriter>>
make_syscall_writer(std::string_view format, std::ostream& out,
                    std::ostream& notes, const TextOptions& text = {},
                    bool process_events = false);

// Building blocks, also used by tests and other commands.
void append_event_json(std::string& out, const SyscallEvent& e);
void append_summary_json(std::string& out, const SyscallSummary& s);
// strace's line without the pid prefix and time columns:
//   openat(AT_FDCWD, "/etc/hostname", O_RDONLY|O_CLOEXEC) = 3 <0.000012>
// (without " <0.000012>" when durations is false).
void append_event_text(std::string& out, const SyscallEvent& e,
                       bool durations = true);
// One argument as strace shows it (decimal, flags, "quoted path", NULL).
void append_arg_text(std::string& out, const SyscallArg& a);

} // namespace sctrace::syscalls
